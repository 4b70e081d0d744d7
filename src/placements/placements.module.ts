import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { PlacementExceptionFilter } from './placements-exception.filter';
import { CostAnalysisService } from './cost-analysis.service';
import { PaymentLinkResolver } from './payment-link.resolver';
import { PaymentLinkingService } from './payment-linking.service';
import { PaymentService } from './payment.service';
import { PaymentExportService } from './payment-export.service';
import { PlacementCostResolver } from './placement-cost.resolver';
import { PlacementCostService } from './placement-cost.service';
import { PlacementRefreshService } from './placement-refresh.service';
import { PlacementService } from './placement.service';

/**
 * Placements, payments, payment-to-placement linking, costs and cost analyses. The services are
 * exported for the role views (src/views), which build person-level output through the access policy.
 */
@Module({
  providers: [
    { provide: APP_FILTER, useClass: PlacementExceptionFilter },
    PlacementRefreshService,
    PaymentLinkingService,
    PaymentService,
    PaymentExportService,
    PlacementService,
    PlacementCostService,
    CostAnalysisService,
    PaymentLinkResolver,
    PlacementCostResolver,
  ],
  exports: [
    PlacementRefreshService,
    PaymentLinkingService,
    PaymentService,
    PaymentExportService,
    PlacementService,
    PlacementCostService,
    CostAnalysisService,
  ],
})
export class PlacementsModule {}
