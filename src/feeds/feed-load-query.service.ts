import { Inject, Injectable } from '@nestjs/common';
import {
  FeedLoadRepository,
  type FeedLoadRow,
  type QualityRow,
  type QuarantineRow,
} from './feed-load.repository';

export interface Page<T> {
  nodes: T[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

export interface QualityMetric extends QualityRow {
  completeness: number;
  validity: number;
}

export const MAX_PAGE = 200;

/** Opaque cursors: a row's position (id, or row number and id), base64url so callers do not build them by hand. */
export function encodeCursor(kind: string, id: string): string {
  return Buffer.from(`${kind}:${id}`).toString('base64url');
}

export function decodeCursor(kind: string, cursor: string | null | undefined): string | null {
  if (!cursor) return null;
  const [prefix, id] = Buffer.from(cursor, 'base64url').toString().split(':');
  if (prefix !== kind || !id || !/^\d+(\.\d+)?$/.test(id)) throw new Error('invalid cursor');
  return id;
}

/** A page from limit + 1 fetched rows; the cursor is the last row's position (its id by default). */
function page<T extends { id: string }>(
  rows: T[],
  limit: number,
  kind: string,
  position: (row: T) => string = (row) => row.id,
): Page<T> {
  const nodes = rows.slice(0, limit);
  const last = nodes[nodes.length - 1];
  return {
    nodes,
    pageInfo: {
      endCursor: last ? encodeCursor(kind, position(last)) : null,
      hasNextPage: rows.length > limit,
    },
  };
}

/** Data stewards' reads of loads, quarantine and data quality, with cursor pagination. */
@Injectable()
export class FeedLoadQueryService {
  constructor(@Inject(FeedLoadRepository) private readonly repository: FeedLoadRepository) {}

  async loads(first: number, after: string | null, feed: string | null): Promise<Page<FeedLoadRow>> {
    const limit = Math.min(Math.max(first, 1), MAX_PAGE);
    return page(await this.repository.loads(limit + 1, decodeCursor('load', after), feed), limit, 'load');
  }

  load(id: string): Promise<FeedLoadRow | null> {
    return /^\d+$/.test(id) ? this.repository.load(id) : Promise.resolve(null);
  }

  async quarantine(loadId: string, first: number, after: string | null): Promise<Page<QuarantineRow>> {
    const limit = Math.min(Math.max(first, 1), MAX_PAGE);
    const position = decodeCursor('quarantine', after);
    const [rowNumber, id] = position?.split('.') ?? [];
    const rows = await this.repository.quarantine(
      loadId,
      limit + 1,
      rowNumber && id ? { rowNumber: Number(rowNumber), id } : null,
    );
    return page(rows, limit, 'quarantine', (row) => `${row.rowNumber}.${row.id}`);
  }

  async quality(loadId: string): Promise<QualityMetric[]> {
    const rows = await this.repository.quality(loadId);
    return rows.map((row) => ({
      ...row,
      completeness: row.rowsTotal ? row.rowsPresent / row.rowsTotal : 0,
      validity: row.rowsPresent ? row.rowsValid / row.rowsPresent : 0,
    }));
  }
}
