import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { REFUSAL_RECORDER } from '../common/errors/problem.filter';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { RefusalAuditService } from './refusal-audit.service';
import { SessionService } from './session.service';

/** Global: user and department changes tell the session cache (SessionService.invalidate). */
@Global()
@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.jwtSecret, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [AuthController],
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
