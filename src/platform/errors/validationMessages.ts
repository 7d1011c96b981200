/** Turns JSON-schema validation failures into field problems with Vietnamese and English text. */
import type { Language } from '../i18n/language.js';
import type { FieldProblem } from './appError.js';

export interface SchemaIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

const TEXT: Record<string, (p: Record<string, unknown>) => { vi: string; en: string }> = {
  required: () => ({ vi: 'là bắt buộc', en: 'is required' }),
  type: (p) => ({ vi: `phải có kiểu ${String(p.type)}`, en: `must be of type ${String(p.type)}` }),
  minimum: (p) => ({ vi: `phải lớn hơn hoặc bằng ${String(p.limit)}`, en: `must be at least ${String(p.limit)}` }),
  maximum: (p) => ({ vi: `phải nhỏ hơn hoặc bằng ${String(p.limit)}`, en: `must be at most ${String(p.limit)}` }),
  exclusiveMinimum: (p) => ({ vi: `phải lớn hơn ${String(p.limit)}`, en: `must be greater than ${String(p.limit)}` }),
  exclusiveMaximum: (p) => ({ vi: `phải nhỏ hơn ${String(p.limit)}`, en: `must be less than ${String(p.limit)}` }),
  minLength: (p) => ({ vi: `phải có ít nhất ${String(p.limit)} ký tự`, en: `must have at least ${String(p.limit)} characters` }),
  maxLength: (p) => ({ vi: `không được quá ${String(p.limit)} ký tự`, en: `must have at most ${String(p.limit)} characters` }),
  minItems: (p) => ({ vi: `phải có ít nhất ${String(p.limit)} phần tử`, en: `must have at least ${String(p.limit)} items` }),
  maxItems: (p) => ({ vi: `không được quá ${String(p.limit)} phần tử`, en: `must have at most ${String(p.limit)} items` }),
  pattern: () => ({ vi: 'không đúng định dạng', en: 'is not in the expected format' }),
  format: (p) => ({ vi: `không đúng định dạng ${String(p.format)}`, en: `must be a valid ${String(p.format)}` }),
  enum: (p) => ({ vi: `phải là một trong: ${listOf(p.allowedValues)}`, en: `must be one of: ${listOf(p.allowedValues)}` }),
  const: (p) => ({ vi: `phải là ${String(p.allowedValue)}`, en: `must be ${String(p.allowedValue)}` }),
  anyOf: () => ({ vi: 'không thuộc giá trị được phép', en: 'is not an allowed value' }),
  minProperties: (p) => ({ vi: `cần ít nhất ${String(p.limit)} trường`, en: `needs at least ${String(p.limit)} field(s)` }),
  maxProperties: (p) => ({ vi: `không được quá ${String(p.limit)} trường`, en: `must have at most ${String(p.limit)} field(s)` }),
  uniqueItems: () => ({ vi: 'có phần tử bị trùng', en: 'has duplicate items' }),
  additionalProperties: () => ({ vi: 'không được phép có trường này', en: 'is not an allowed field' }),
};

function listOf(values: unknown): string {
  return Array.isArray(values) ? values.join(', ') : String(values);
}

/** `context` is where the value came from: body, querystring, params or headers. */
export function toFieldProblems(issues: SchemaIssue[], context: string | undefined, lang: Language): FieldProblem[] {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const issue of issues) {
    const segments = issue.instancePath.split('/').filter(Boolean);
    if (issue.keyword === 'required' && typeof issue.params.missingProperty === 'string') segments.push(issue.params.missingProperty);
    if (issue.keyword === 'additionalProperties' && typeof issue.params.additionalProperty === 'string') segments.push(issue.params.additionalProperty);
    const field = [context ?? 'body', ...segments].join('.');
    // Unions report one failure per branch; one line per field is what a person needs.
    if (seen.has(field)) continue;
    seen.add(field);
    const text = TEXT[issue.keyword]?.(issue.params);
    problems.push({ field, message: text ? text[lang] : issue.message ?? issue.keyword });
  }
  return problems;
}
