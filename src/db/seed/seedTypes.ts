/**
 * Shapes of the seed data a city is configured with (units and report categories).
 * Hanoi's data lives next to this file; another city supplies its own arrays of the same shape.
 */

/** What sort of body a unit is; ward units are generated from the ward data, not listed by hand. */
export type UnitKind = 'city' | 'office' | 'department' | 'police' | 'utility' | 'ward';

export interface UnitSeed {
  /** Stable, lowercase ascii with dashes, e.g. 'so-xay-dung'. */
  code: string;
  /** Omitted only for the root city unit. */
  parentCode?: string;
  kind: UnitKind;
  nameVi: string;
  nameEn: string;
}

/** The three priorities of Hanoi Decision 1207/QĐ-UBND (2025). */
export type Priority = 'urgent' | 'normal' | 'complex';

/** Open311 GeoReport v2 attribute datatypes. */
export type AttributeDatatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

/** An extra field asked of the reporter (an Open311 service definition attribute). */
export interface AttributeSeed {
  /** Lowercase ascii with underscores. */
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  labelVi: string;
  labelEn: string;
  descriptionVi?: string;
  descriptionEn?: string;
  /** Only for 'singlevaluelist' and 'multivaluelist'. */
  values?: Array<{ key: string; nameVi: string; nameEn: string }>;
}

export interface CategorySeed {
  /** Stable, lowercase ascii, dot for children: 'roads', 'roads.pothole'. */
  code: string;
  /** Top-level groups have none. */
  parentCode?: string;
  nameVi: string;
  nameEn: string;
  descriptionVi: string;
  descriptionEn: string;
  defaultPriority: Priority;
  /** A street problem needs a place; scams or online issues may not. */
  locationRequired: boolean;
  /** 1 = phone verified (default for reports); 2 = identity verified. */
  identityLevelRequired: 0 | 1 | 2;
  /**
   * A unit code from the units seed when a city-level body handles it by default
   * (e.g. scams → police); omitted = the ward where the problem is.
   */
  handlingUnitCode?: string;
  /** Resolving needs a photo of the result (true for physical problems). */
  proofPhotoRequired: boolean;
  /** Vietnamese words, with diacritics, that suggest this category (routing/AI suggestions, Open311 keywords). */
  keywords: string[];
  /** Extra fields asked of the reporter (Open311 style), may be empty. */
  attributes: AttributeSeed[];
  sortOrder: number;
}
