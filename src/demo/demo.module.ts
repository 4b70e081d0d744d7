import { Module } from '@nestjs/common';
import { FeedsModule } from '../feeds/feeds.module';
import { DEMO_DATA_LOADER } from '../health/demo-data-loader';
import { PersonIndexModule } from '../person-index/person-index.module';
import { PlacementsModule } from '../placements/placements.module';
import { DemoDataService } from './demo-data.service';

/** The demo data set `serve` loads into an empty database (DEMO_CHILDREN children; 0 = none). */
@Module({
  imports: [FeedsModule, PersonIndexModule, PlacementsModule],
  providers: [DemoDataService, { provide: DEMO_DATA_LOADER, useExisting: DemoDataService }],
  exports: [DEMO_DATA_LOADER],
})
export class DemoModule {}
