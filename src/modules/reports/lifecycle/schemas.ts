/** Request and response schemas of the officials' and the reporter's lifecycle commands. */
import { Type } from 'typebox';
import { PUBLIC_ID_PATTERN } from '../reportRepository.js';
import { REJECT_REASON_CODES } from './rejectReasons.js';

export const PublicIdParams = Type.Object({
  publicId: Type.String({ pattern: PUBLIC_ID_PATTERN, description: 'e.g. PA-2026-000123', examples: ['PA-2026-000123'] }),
});

const Reason = (description: string) => Type.String({ minLength: 1, maxLength: 2000, description });

export const PriorityValue = Type.Enum(['urgent', 'normal', 'complex']);

export const AcceptBody = Type.Object({
  priority: PriorityValue,
}, { additionalProperties: false });

export const RejectBody = Type.Object({
  reasonCode: Type.Enum(REJECT_REASON_CODES, { description: 'The legal reason the citizen reads (in their language)' }),
  reasonText: Reason('What the official adds for this report; shown to the citizen'),
}, { additionalProperties: false });

export const TransferBody = Type.Object({
  unitCode: Type.String({ minLength: 1, maxLength: 100 }),
  reason: Reason('Why the report belongs to the other unit (internal)'),
}, { additionalProperties: false });

export const ReasonBody = Type.Object({ reason: Reason('Why') }, { additionalProperties: false });

export const RequestInfoBody = Type.Object({
  question: Reason('What the citizen is asked (public)'),
}, { additionalProperties: false });

export const AddInfoBody = Type.Object({
  text: Type.String({ minLength: 1, maxLength: 2000 }),
}, { additionalProperties: false });

export const ExtendBody = Type.Object({
  newResolveBy: Type.String({ format: 'date-time', description: 'The new resolve-by instant (ISO 8601 with offset), later than the current one' }),
  reason: Reason('Why more time is needed (shown to the citizen)'),
}, { additionalProperties: false });

export const ResolveJsonBody = Type.Object({
  answer: Type.String({ minLength: 1, maxLength: 5000 }),
}, { additionalProperties: false });

export const RATINGS = ['hai_long', 'chap_nhan_duoc', 'khong_hai_long'] as const;

export const RateBody = Type.Object({
  rating: Type.Enum(RATINGS, { description: 'hài lòng / chấp nhận được / không hài lòng' }),
  comment: Type.Optional(Type.String({ maxLength: 1000 })),
}, { additionalProperties: false });

export const MergeBody = Type.Object({
  intoPublicId: Type.String({ pattern: PUBLIC_ID_PATTERN, description: 'The report this one duplicates' }),
}, { additionalProperties: false });

export const NoteBody = Type.Object({
  text: Type.String({ minLength: 1, maxLength: 5000 }),
}, { additionalProperties: false });

export const HidePhotoBody = Type.Object({
  mediaId: Type.String({ format: 'uuid' }),
}, { additionalProperties: false });
