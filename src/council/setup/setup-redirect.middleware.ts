import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CouncilSetupService } from './council-setup.service';

/** Paths that work without a council: the API (it answers 409 COUNCIL_NOT_SET_UP itself), assets, health… */
const PASS = /^\/(?:api|assets|health|favicon\.ico|public|setup)(?:[/?.]|$)/;

/**
 * On a first run (no council, no account) every screen (and `/`) leads to the setup page. Once a
 * council exists it stays (setup cannot be undone), so the lookup stops.
 */
@Injectable()
export class SetupRedirectMiddleware implements NestMiddleware {
  private councilExists = false;

  constructor(private readonly setup: CouncilSetupService) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    if (this.councilExists || (req.method !== 'GET' && req.method !== 'HEAD') || PASS.test(req.originalUrl))
      return next();
    try {
      if (await this.setup.firstRun()) return res.redirect(303, '/setup');
      this.councilExists = !(await this.setup.needed());
    } catch {
      /* the database is away: let the route answer (503) */
    }
    next();
  }
}
