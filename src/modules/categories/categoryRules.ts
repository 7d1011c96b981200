/** Checks on a category that a schema cannot express; each problem names its field. */
import type { FieldProblem } from '../../platform/errors/appError.js';
import type { CategoryAttribute } from '../../db/schema/index.js';

export function attributeProblems(attributes: CategoryAttribute[] | undefined): FieldProblem[] {
  if (!attributes) return [];
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  attributes.forEach((attribute, i) => {
    const field = `body.attributes.${i}`;
    if (seen.has(attribute.code)) problems.push({ field: `${field}.code`, message: `duplicate attribute code ${attribute.code}` });
    seen.add(attribute.code);
    const isList = attribute.datatype === 'singlevaluelist' || attribute.datatype === 'multivaluelist';
    if (isList && !attribute.values?.length) problems.push({ field: `${field}.values`, message: 'a list attribute needs at least one value' });
    if (!isList && attribute.values?.length) problems.push({ field: `${field}.values`, message: `a ${attribute.datatype} attribute takes no list of values` });
    const keys = new Set<string>();
    attribute.values?.forEach((v, j) => {
      if (keys.has(v.key)) problems.push({ field: `${field}.values.${j}.key`, message: `duplicate value key ${v.key}` });
      keys.add(v.key);
    });
  });
  return problems;
}

/** A child's code is `<parent>.<name>`; groups have no dot. */
export function codeProblems(code: string, parentCode: string | undefined): FieldProblem[] {
  if (parentCode === undefined && code.includes('.')) return [{ field: 'body.parentCode', message: `a code with a dot needs parentCode ${code.split('.')[0]}` }];
  if (parentCode !== undefined && !code.startsWith(`${parentCode}.`)) return [{ field: 'body.code', message: `must start with "${parentCode}."` }];
  return [];
}
