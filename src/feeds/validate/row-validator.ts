import { hash } from 'node:crypto';
import {
  normaliseNhsNumber,
  normalisePostcode,
  normaliseUpn,
  parseDate,
  standardiseName,
  type DateFormat,
} from '../../linkage/standardise';
import type { FeedMapping } from '../feed-mapping';
import type { FeedRow } from '../parse/feed-row';
import type { ColumnSpec, FeedSchema, IdentifierKind } from '../schema';
import { enumLookup, parseBool, parseDecimal, parseInteger } from './values';

/** source_record's identity columns for a person feed (standardised; invalid identifiers null). */
export interface IdentityValues {
  forename: string | null;
  middleNames: string | null;
  surname: string | null;
  altSurnames: string[] | null;
  dob: string | null;
  sex: string | null;
  postcode: string | null;
  nhsNumber: string | null;
  upn: string | null;
}

export interface ValidatedRow {
  line: number;
  raw: string;
  /** Every reason the row is rejected; empty for a good row. */
  reasons: string[];
  sourceId: string | null;
  /** The row under canonical names, values as read; blank columns left out. */
  payload: Record<string, string | null> | null;
  /** Standardised values of every non-blank column, identifier validity and feed flags. */
  std: Record<string, unknown> | null;
  contentHash: string | null;
  /** The payload as JSON, exactly as hashed. */
  payloadJson: string | null;
  identity: IdentityValues | null;
  /** Standardised valid identifier values in the order of FieldQuality.identifierColumns (DQ uniqueness). */
  identifiers: Array<string | null>;
}

const IDENTIFIER_NORMALISERS: Readonly<Record<IdentifierKind, (text: string) => string | null>> = {
  nhs_number: normaliseNhsNumber,
  upn: normaliseUpn,
  postcode: normalisePostcode,
};

/** Per-column completeness and validity of one load, counted as rows stream past. */
export class FieldQuality {
  readonly columns: readonly string[];
  readonly identifierColumns: readonly string[];
  readonly present: number[];
  readonly valid: number[];
  readonly flagged: number[];
  rows = 0;

  constructor(schema: FeedSchema) {
    this.columns = schema.columns.map((c) => c.name);
    this.identifierColumns = schema.columns
      .filter((c) => c.type === 'text' && c.identifier)
      .map((c) => c.name);
    this.present = this.columns.map(() => 0);
    this.valid = this.columns.map(() => 0);
    this.flagged = this.columns.map(() => 0);
  }
}

interface CompiledColumn {
  spec: ColumnSpec;
  index: number;
  enumValues?: Map<string, string>;
  dateFormat?: DateFormat;
  codes?: ReadonlyMap<string, string>;
}

/**
 * Validates and standardises rows of one feed. Every check runs on every row, so a rejected row
 * carries all its reasons. Identifier checks (NHS number, UPN, postcode) never reject: the raw
 * value stays in the payload, std records it as invalid and the identity column stays null, so an
 * invalid identifier is never used as evidence for a match.
 */
export class RowValidator {
  private readonly columns: CompiledColumn[];
  readonly quality: FieldQuality;

  constructor(
    private readonly schema: FeedSchema,
    mapping: FeedMapping,
    /** Today's date (ISO): later dates are "future". */
    private readonly today: string,
  ) {
    this.quality = new FieldQuality(schema);
    this.columns = schema.columns.map((spec, index) => ({
      spec,
      index,
      enumValues: spec.type === 'enum' ? enumLookup(spec.values) : undefined,
      dateFormat: spec.type === 'date' ? mapping.dateFormats.get(spec.name) : undefined,
      codes: mapping.values.get(spec.name),
    }));
  }

  validate(row: FeedRow): ValidatedRow {
    this.quality.rows++;
    const reasons = [...row.problems];
    const result: ValidatedRow = {
      line: row.line,
      raw: row.raw,
      reasons,
      sourceId: null,
      payload: null,
      std: null,
      contentHash: null,
      payloadJson: null,
      identity: null,
      identifiers: this.quality.identifierColumns.map(() => null),
    };
    const values = row.values;
    if (!values) return result;

    const std: Record<string, unknown> = {};
    for (const column of this.columns)
      this.standardiseColumn(column, values[column.spec.name] ?? null, std, reasons);
    for (const check of this.schema.checks ?? []) reasons.push(...check(std));
    if (this.schema.flags) Object.assign(std, this.schema.flags(std));

    const key = this.schema.sourceId.map((name) => (values[name] ?? '').trim());
    result.sourceId = key[0] ? key.join('|') : null;
    result.identifiers = this.quality.identifierColumns.map((name) => {
      const value = std[name];
      return typeof value === 'string' ? value : null;
    });
    result.identity = this.identity(std);
    if (reasons.length) return result;

    const payload: Record<string, string | null> = {};
    // Blank columns are left out of payload and std (blank = unknown): a third less to store.
    for (const column of this.columns) {
      const value = values[column.spec.name];
      if (value !== null && value !== undefined) payload[column.spec.name] = value;
    }
    const payloadJson = JSON.stringify(payload);
    result.payload = payload;
    result.std = std;
    result.payloadJson = payloadJson;
    // One-shot: no Hash object a row (same digest as createHash().update().digest()).
    result.contentHash = hash('sha256', payloadJson, 'base64url');
    return result;
  }

  private standardiseColumn(
    column: CompiledColumn,
    raw: string | null,
    std: Record<string, unknown>,
    reasons: string[],
  ): void {
    const { spec, index } = column;
    const quality = this.quality;
    const name = spec.name;
    if (raw === null) {
      if (spec.required) reasons.push(`missing required value: ${name}`);
      return;
    }
    quality.present[index] = (quality.present[index] ?? 0) + 1;
    const text = column.codes?.get(raw.trim().toUpperCase()) ?? raw;
    let standard: unknown = null;
    let problem: string | null = null;
    switch (spec.type) {
      case 'text':
        if (spec.identifier) {
          standard = IDENTIFIER_NORMALISERS[spec.identifier](text);
          std[`${name}_valid`] = standard !== null;
          // Invalid identifiers are data-quality findings, not row rejections.
          if (standard !== null) {
            quality.valid[index] = (quality.valid[index] ?? 0) + 1;
            std[name] = standard;
          }
          return;
        }
        standard = spec.personName ? standardiseName(text) : text.trim();
        break;
      case 'date': {
        const iso = parseDate(text, column.dateFormat);
        if (iso === null)
          problem = `bad date in ${name}: "${text}" (expected ${column.dateFormat ?? 'YYYY-MM-DD'})`;
        else if (spec.notBefore && iso < spec.notBefore)
          problem = `implausible date in ${name}: ${iso} is before ${spec.notBefore}`;
        else if (iso > this.today && spec.future === 'reject') problem = `future date in ${name}: ${iso}`;
        else {
          standard = iso;
          if (iso > this.today && spec.future === 'flag') {
            // csc-children: an unborn child's expected date of delivery.
            std[`${name}_expected`] = true;
            quality.flagged[index] = (quality.flagged[index] ?? 0) + 1;
          }
        }
        break;
      }
      case 'int':
      case 'decimal': {
        const number = spec.type === 'int' ? parseInteger(text) : parseDecimal(text);
        if (number === null)
          problem = `bad ${spec.type === 'int' ? 'whole number' : 'number'} in ${name}: "${text}"`;
        else if (
          (spec.min !== undefined && number < spec.min) ||
          (spec.max !== undefined && number > spec.max)
        ) {
          problem = `${name} out of range: ${number} (allowed ${spec.min ?? '…'} to ${spec.max ?? '…'})`;
        } else standard = number;
        break;
      }
      case 'bool':
        standard = parseBool(text);
        if (standard === null) problem = `bad yes/no value in ${name}: "${text}"`;
        break;
      case 'enum': {
        standard = column.enumValues?.get(text.trim().toUpperCase()) ?? null;
        if (standard === null) {
          const allowed = Object.keys(spec.values);
          const shown = allowed.length > 12 ? `${allowed.slice(0, 12).join(', ')}, …` : allowed.join(', ');
          problem = `bad value in ${name}: "${text}" (allowed: ${shown})`;
        }
        break;
      }
    }
    if (problem) reasons.push(problem);
    else quality.valid[index] = (quality.valid[index] ?? 0) + 1;
    if (standard !== null) std[name] = standard;
  }

  private identity(std: Record<string, unknown>): IdentityValues | null {
    const spec = this.schema.identity;
    if (!spec) return null;
    const str = (column: string | undefined): string | null => {
      if (!column) return null;
      const value = std[column];
      return typeof value === 'string' ? value : null;
    };
    const surname = str(spec.surname);
    const alternatives = [
      ...new Set(spec.altSurnames.map(str).filter((s): s is string => s !== null && s !== surname)),
    ];
    const sex = str(spec.sex);
    return {
      forename: str(spec.forename),
      middleNames: str(spec.middleNames),
      surname,
      altSurnames: alternatives.length ? alternatives : null,
      dob: str(spec.dob),
      // "Unknown" sex is no evidence either way.
      sex: sex === 'M' || sex === 'F' ? sex : null,
      postcode: str(spec.postcode),
      nhsNumber: str(spec.nhsNumber),
      upn: str(spec.upn),
    };
  }
}
