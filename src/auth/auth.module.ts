import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { REFUSAL_RECORDER } from '../common/errors/problem.filter';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { ViewsModule } from '../views/views.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { RefusalAuditService } from './refusal-audit.service';
import { SessionService } from './session.service';
import { AuthWebController } from './web/auth-web.controller';

/** Global: user and department changes tell the session cache (SessionService.invalidate). */
@Global()
@Module({
  imports: [
    PassportModule,
    ViewsModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.jwtSecret, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [AuthController, AuthWebController],
  providers: [
    AuthService,
    SessionService,
    JwtStrategy,
    RefusalAuditService,
    { provide: REFUSAL_RECORDER, useExisting: RefusalAuditService },
  ],
  exports: [AuthService, SessionService, RefusalAuditService, REFUSAL_RECORDER],
})
export class AuthModule {}
