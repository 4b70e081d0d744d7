import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { DemoDataStatus } from './demo-data-status';
import { ServiceStatusResolver } from './service-status.resolver';

@Module({
  controllers: [HealthController],
  providers: [DemoDataStatus, ServiceStatusResolver],
  exports: [DemoDataStatus],
})
export class HealthModule {}
