import type { INestApplication } from '@nestjs/common';
import { TokenService, type MintOptions } from '../../src/access/token.service';

/** A signed bearer token for the test app's configuration. */
export function tokenFor(app: INestApplication, options: MintOptions): string {
  return app.get(TokenService).mint(options);
}
