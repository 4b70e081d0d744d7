import { Module } from '@nestjs/common';
import { IngestRepository } from './ingest.repository';
import { IngestService } from './ingest.service';
import { LoadEvents } from './load-events';
import { FeedLoadRepository } from './feed-load.repository';
import { FeedLoadQueryService } from './feed-load-query.service';
import { FeedLoadResolver } from './graphql/feed-load.resolver';

/** Feed ingestion: schemas, mappings, parsing, validation, quarantine, load records, data quality. */
@Module({
  providers: [
    IngestRepository,
    IngestService,
    LoadEvents,
    FeedLoadRepository,
    FeedLoadQueryService,
    FeedLoadResolver,
  ],
  exports: [IngestService, LoadEvents, FeedLoadRepository],
})
export class FeedsModule {}
