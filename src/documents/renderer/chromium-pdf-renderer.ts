import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, type Browser, type CDPSession, type HTTPRequest, type Page } from 'puppeteer-core';
import { AppError } from '../../common/errors/app-error';
import { DocumentErrors } from '../documents.errors';
import type { PdfRenderer, PrintableDocument, RenderOptions } from './pdf-renderer';

/** Flags verified on our closed-network machines (../shared/SETUP-NOTES.md). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--disable-extensions',
  '--font-render-hinting=none',
  '--mute-audio',
];

export interface ChromiumPdfRendererOptions {
  readonly executablePath: string;
  readonly fontconfigFile: string;
  /** HOME and TMPDIR of the browser process. */
  readonly workDir: string;
  readonly concurrency: number;
  readonly timeoutMs: number;
  /**
   * Nice value for the browser and every process it starts (0: none). The browser is started
   * through a small `nice` wrapper, so its zygote, renderers and their threads all inherit it
   * (and, run as root, without the right to raise any of them again).
   */
  readonly nice?: number;
  /** Rendered on every new pool page before its first job, so no real document pays for cold fonts. */
  readonly warmup?: PrintableDocument;
  /**
   * A page is replaced after this many renders: its renderer process grows with use, and closing
   * the page is the only way to give that memory back. Default 100.
   */
  readonly maxRendersPerPage?: number;
  readonly log?: (message: string) => void;
}

export interface RendererStats {
  /** Successful renders, warm-up included. */
  readonly rendered: number;
  readonly failed: number;
  readonly retried: number;
  readonly timeouts: number;
  /** Browser launches after the first. */
  readonly relaunches: number;
  /** Requests the page tried to make and we refused (anything but inlined `data:` content). */
  readonly blockedRequests: number;
  readonly queued: number;
  readonly active: number;
  readonly idlePages: number;
}

interface Job {
  readonly document: PrintableDocument;
  readonly timeoutMs: number;
  readonly tagged: boolean;
  readonly resolve: (pdf: Buffer) => void;
  readonly reject: (error: unknown) => void;
  attempts: number;
}

interface PooledPage {
  readonly page: Page;
  /** A DevTools session on the page, for printing in one message (see print). */
  readonly cdp: CDPSession;
  readonly browser: Browser;
  uses: number;
}

const CONNECTION_LOST =
  /Target closed|Session closed|Connection closed|Protocol error.*(closed|crash|detached)|Page crashed|Navigating frame was detached|browser has disconnected|WebSocket is not open/i;

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(DocumentErrors.renderTimeout(ms));
    }, ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/**
 * One long-lived headless Chromium with a pool of reusable pages. Jobs wait in a FIFO queue; at most
 * `concurrency` render at once. Every render has a time limit; a job that fails because the browser
 * died is retried once on a relaunched browser.
 */
export class ChromiumPdfRenderer implements PdfRenderer {
  private browser: Browser | null = null;
  private launching: Promise<Browser> | null = null;
  private launches = 0;
  private idle: PooledPage[] = [];
  private readonly queue: Job[] = [];
  private active = 0;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();
  private counters = { rendered: 0, failed: 0, retried: 0, timeouts: 0, blockedRequests: 0 };

  constructor(private readonly options: ChromiumPdfRendererOptions) {
    if (options.concurrency < 1) throw new Error('concurrency must be at least 1');
  }

  /** Launches the browser and opens (and warms) one page per concurrency slot. */
  async start(): Promise<void> {
    const browser = await this.ensureBrowser();
    const pages = await Promise.all(
      Array.from({ length: this.options.concurrency }, () => this.newPage(browser)),
    );
    for (const page of pages) this.release(page);
  }

  render(document: PrintableDocument, options: RenderOptions = {}): Promise<Buffer> {
    if (this.stopped) return Promise.reject(DocumentErrors.rendererStopped());
    return new Promise<Buffer>((resolve, reject) => {
      this.queue.push({
        document,
        timeoutMs: options.timeoutMs ?? this.options.timeoutMs,
        tagged: options.tagged ?? false,
        resolve,
        reject,
        attempts: 0,
      });
      this.pump();
    });
  }

  stats(): RendererStats {
    return {
      ...this.counters,
      relaunches: Math.max(0, this.launches - 1),
      queued: this.queue.length,
      active: this.active,
      idlePages: this.idle.length,
    };
  }

  /** PID of the running browser, or null; for health checks and the crash test. */
  browserProcessId(): number | null {
    return this.browser?.process()?.pid ?? null;
  }

  /** Number of open pages in the browser (pool plus pages in use); for leak checks. */
  async openPageCount(): Promise<number> {
    if (!this.browser?.connected) return 0;
    return (await this.browser.pages()).length;
  }

  /** Refuses new work, fails queued jobs, lets running ones finish (bounded) and closes the browser. */
  async close(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const job of this.queue.splice(0)) job.reject(DocumentErrors.rendererStopped());
    const running = Promise.allSettled([...this.inFlight]);
    await Promise.race([running, new Promise((r) => setTimeout(r, 5_000).unref())]);
    if (this.launching) await this.launching.catch(() => undefined);
    const browser = this.browser;
    this.browser = null;
    this.idle = [];
    if (browser) {
      const closing = browser.close().catch(() => undefined);
      const closed = await Promise.race([
        closing.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 5_000).unref()),
      ]);
      if (!closed) browser.process()?.kill('SIGKILL');
    }
  }

  private pump(): void {
    while (!this.stopped && this.active < this.options.concurrency && this.queue.length > 0) {
      const job = this.queue.shift() as Job;
      this.active++;
      const done = this.run(job).finally(() => {
        this.active--;
        this.inFlight.delete(done);
        this.pump();
      });
      this.inFlight.add(done);
    }
  }

  private async run(job: Job): Promise<void> {
    job.attempts++;
    try {
      const pdf = await this.renderOnce(job);
      this.counters.rendered++;
      job.resolve(pdf);
    } catch (e) {
      if (!(e instanceof AppError) && this.isBrowserFailure(e) && job.attempts < 2 && !this.stopped) {
        this.counters.retried++;
        this.options.log?.(
          `PDF renderer: browser failure (${(e as Error).message}); retrying on a new browser`,
        );
        this.queue.unshift(job);
        return;
      }
      this.counters.failed++;
      if (e instanceof AppError) {
        if (e.code === 'DOCUMENT_RENDER_TIMEOUT') this.counters.timeouts++;
        job.reject(e);
      } else {
        this.options.log?.(`PDF renderer: render failed: ${(e as Error).stack ?? String(e)}`);
        job.reject(this.stopped ? DocumentErrors.rendererStopped() : DocumentErrors.rendererFailed());
      }
    }
  }

  private isBrowserFailure(e: unknown): boolean {
    if (this.browser === null || !this.browser.connected) return true;
    const error = e as { name?: string; message?: string };
    return error.name === 'TargetCloseError' || CONNECTION_LOST.test(error.message ?? '');
  }

  private async renderOnce(job: Job): Promise<Buffer> {
    const browser = await this.ensureBrowser();
    const pooled = await this.acquirePage(browser);
    let timedOut = false;
    const work = this.print(pooled, job);
    work.catch(() => undefined); // after a timeout nobody awaits it
    // A crashed renderer process may leave CDP calls pending: fail the job on the page's 'error' event.
    // (A listener per job, removed after: a long-lived promise raced every time would retain every PDF.)
    let onCrash: (e: Error) => void = () => undefined;
    const crashed = new Promise<never>((_, reject) => {
      onCrash = reject;
    });
    crashed.catch(() => undefined);
    pooled.page.on('error', onCrash);
    try {
      const pdf = await withTimeout(Promise.race([work, crashed]), job.timeoutMs, () => {
        timedOut = true;
      });
      pooled.uses++;
      this.release(pooled);
      return pdf;
    } catch (e) {
      // A page that timed out or failed may be stuck mid-layout: never reuse it.
      this.discard(pooled.page);
      if (timedOut) this.options.log?.(`PDF renderer: timed out after ${job.timeoutMs} ms; page discarded`);
      throw e;
    } finally {
      pooled.page.off('error', onCrash);
    }
  }

  /**
   * Prints with Page.printToPDF returning the PDF in its answer, instead of page.pdf(): that waits
   * for web fonts (we have none: fonts are system fonts through fontconfig) and reads the PDF back
   * as a stream in several more messages. Each message between the processes costs CPU on both
   * sides (~3 ms of the app's and as much of the browser's per document here). The job's time
   * limit is applied by the caller.
   */
  private async print(
    { page, cdp }: Pick<PooledPage, 'page' | 'cdp'>,
    { document, timeoutMs, tagged }: Pick<Job, 'document' | 'timeoutMs' | 'tagged'>,
  ): Promise<Buffer> {
    await page.setContent(document.html, { waitUntil: 'load', timeout: timeoutMs });
    const { data } = await cdp.send('Page.printToPDF', {
      transferMode: 'ReturnAsBase64',
      // A4 (the templates' @page size wins: preferCSSPageSize), no margins of Chromium's own
      paperWidth: 8.27,
      paperHeight: 11.7,
      marginTop: 0,
      marginBottom: 0,
      marginLeft: 0,
      marginRight: 0,
      printBackground: true,
      preferCSSPageSize: true,
      generateTaggedPDF: tagged,
      generateDocumentOutline: false,
    });
    return Buffer.from(data, 'base64');
  }

  private ensureBrowser(): Promise<Browser> {
    if (this.browser?.connected) return Promise.resolve(this.browser);
    if (!this.launching) {
      this.launching = this.launchBrowser().finally(() => {
        this.launching = null;
      });
    }
    return this.launching;
  }

  /** The binary, or a wrapper that starts it under `nice` (when asked and `nice` exists). */
  private launcherPath(): string {
    const { executablePath, nice = 0, workDir } = this.options;
    if (nice <= 0) return executablePath;
    const niceBin = ['/usr/bin/nice', '/bin/nice'].find((f) => existsSync(f));
    if (!niceBin) {
      this.options.log?.('nice が見つからないため、PDF 作成のブラウザを通常の優先度で起動します。');
      return executablePath;
    }
    // Chromium sets some of its threads back to 0 or to -8 itself; it can only when allowed to
    // raise priority (CAP_SYS_NICE). Root has it: drop it from the browser's bounding set.
    const setpriv =
      process.getuid?.() === 0 ? ['/usr/bin/setpriv', '/bin/setpriv'].find((f) => existsSync(f)) : undefined;
    const wrapper = join(workDir, 'chromium-nice.sh');
    const quote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
    const prefix = setpriv ? `${quote(setpriv)} --bounding-set -sys_nice ` : '';
    writeFileSync(
      wrapper,
      `#!/bin/sh\nexec ${prefix}${quote(niceBin)} -n ${nice} ${quote(executablePath)} "$@"\n`,
      {
        mode: 0o755,
      },
    );
    return wrapper;
  }

  private async launchBrowser(): Promise<Browser> {
    if (this.stopped) throw DocumentErrors.rendererStopped();
    const { workDir } = this.options;
    const tmp = join(workDir, 'tmp');
    mkdirSync(tmp, { recursive: true });
    // The browser gets a fixed environment: our fonts only, and none of the app's secrets.
    const browser = await launch({
      executablePath: this.launcherPath(),
      headless: 'shell',
      args: [...CHROMIUM_ARGS],
      env: {
        FONTCONFIG_FILE: this.options.fontconfigFile,
        HOME: workDir,
        TMPDIR: tmp,
        LANG: 'ja_JP.UTF-8',
        TZ: 'Asia/Tokyo',
        PATH: '/usr/local/bin:/usr/bin:/bin',
      },
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      // Over a pipe, the browser exits by itself when this process dies, even on SIGKILL.
      pipe: true,
      protocolTimeout: Math.max(this.options.timeoutMs, 30_000) + 10_000,
      timeout: 60_000,
    });
    this.launches++;
    this.browser = browser;
    this.idle = [];
    browser.on('disconnected', () => {
      if (this.browser === browser) {
        this.browser = null;
        this.idle = [];
        if (!this.stopped)
          this.options.log?.('PDF renderer: browser disconnected; it will be relaunched on the next job');
      }
    });
    return browser;
  }

  private async acquirePage(browser: Browser): Promise<PooledPage> {
    while (this.idle.length > 0) {
      const pooled = this.idle.pop() as PooledPage;
      if (pooled.browser === browser && !pooled.page.isClosed()) return pooled;
    }
    return this.newPage(browser);
  }

  private async newPage(browser: Browser): Promise<PooledPage> {
    const page = await browser.newPage();
    try {
      const pooled: PooledPage = { page, cdp: await page.createCDPSession(), browser, uses: 0 };
      await page.setJavaScriptEnabled(false);
      await page.setRequestInterception(true);
      page.on('request', (request: HTTPRequest) => this.filterRequest(request));
      const warmup = this.options.warmup;
      const { timeoutMs } = this.options;
      if (warmup)
        await withTimeout(
          this.print(pooled, { document: warmup, timeoutMs, tagged: false }),
          timeoutMs,
          () => {
            this.options.log?.(`PDF renderer: warm-up timed out after ${timeoutMs} ms; page discarded`);
          },
        );
      return pooled;
    } catch (e) {
      this.discard(page);
      throw e;
    }
  }

  /** Only inlined content may load: no file://, http(s):// or any other scheme (no SSRF via user text). */
  private filterRequest(request: HTTPRequest): void {
    if (request.isInterceptResolutionHandled()) return;
    if (request.url().startsWith('data:')) {
      void request.continue().catch(() => undefined);
      return;
    }
    this.counters.blockedRequests++;
    void request.abort('blockedbyclient').catch(() => undefined);
  }

  private release(pooled: PooledPage): void {
    const worn = pooled.uses >= (this.options.maxRendersPerPage ?? 100);
    if (!worn && !this.stopped && pooled.browser === this.browser && !pooled.page.isClosed())
      this.idle.push(pooled);
    else this.discard(pooled.page);
  }

  private discard(page: Page): void {
    void page.close().catch(() => undefined);
  }
}
