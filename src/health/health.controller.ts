import { Controller, Get, Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DemoDataStatus } from './demo-data-status';

@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(DemoDataStatus) private readonly demo: DemoDataStatus,
  ) {}

  @Get()
  async health(): Promise<{ status: 'ok' | 'degraded'; database: 'up' | 'down'; demoData: string }> {
    let database: 'up' | 'down' = 'up';
    try {
      await this.dataSource.query('select 1');
    } catch {
      database = 'down';
    }
    return { status: database === 'up' ? 'ok' : 'degraded', database, demoData: this.demo.state };
  }
}
