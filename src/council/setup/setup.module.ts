import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { ViewsModule } from '../../views/views.module';
import { CouncilSetupController } from './council-setup.controller';
import { CouncilSetupService } from './council-setup.service';
import { SetupRedirectMiddleware } from './setup-redirect.middleware';
import { SetupWebController } from './setup-web.controller';

/** First-run setup of the council: the API, the `/setup` page and the redirect to it while none exists. */
@Module({
  imports: [AuthModule, ViewsModule],
  controllers: [CouncilSetupController, SetupWebController],
  providers: [CouncilSetupService, SetupRedirectMiddleware],
  exports: [CouncilSetupService],
})
export class SetupModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SetupRedirectMiddleware).forRoutes({ path: '{*splat}', method: RequestMethod.GET });
  }
}
