import { Global, Module } from '@nestjs/common';
import { TokenService } from './token.service';
import { AuthorizedGuard } from './authorized.decorator';

@Global()
@Module({
  providers: [TokenService, AuthorizedGuard],
  exports: [TokenService, AuthorizedGuard],
})
export class AccessModule {}
