/*
 * PDF renderer benchmark: `npm run bench` (builds, then runs dist/bench/render.bench.js).
 * Environment: DATA_DIR (fonts and Chromium cache, default ./data), CHROME_PATH (system browser),
 * BENCH_LONG_RUN (renders in the long run, default 1000).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { startDocumentRuntime } from '../src/documents/document-runtime';
import { ChromiumPdfRenderer } from '../src/documents/renderer/chromium-pdf-renderer';
import type { PrintableDocument } from '../src/documents/renderer/pdf-renderer';
import { htmlToDocx } from '../src/documents/docx/html-to-docx';
import { buildMeetingPacket, type MeetingPacketInput } from '../src/documents/papers/meeting-packet';
import { rooftopGreeningCase, samplePacket } from '../test/integration/documents/fixtures';
import { samplePapers } from '../test/visual/sample-papers';
import { percentile } from './support';

const dataDir = resolve(process.env.DATA_DIR ?? 'data');
const chromePath = process.env.CHROME_PATH?.trim() || null;
const longRun = Number(process.env.BENCH_LONG_RUN ?? 1000);

const median = (values: number[]) => percentile(values, 50);
const ms = (n: number) => `${n.toFixed(1)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await fn();
  return [performance.now() - start, result];
}

/**
 * Proportional set size of a process and all its descendants (the browser spawns renderer and
 * utility processes; plain RSS would count the shared 190 MB binary once per process).
 */
function treePss(rootPid: number | null): number {
  if (rootPid === null) return 0;
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(name);
      const ppid = Number(fields[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
      const pss = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${name}/smaps_rollup`, 'utf8'));
      rss.set(pid, pss ? Number(pss[1]) * 1024 : Number(fields[21]) * 4096);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** A meeting with ten consultations, 資料1 … 資料10, each the sample case plus one attachment. */
function tenCasePacket(attachment: Uint8Array): MeetingPacketInput {
  const titles = Array.from({ length: 10 }, (_, i) => `${rooftopGreeningCase().title}（${i + 1}）`);
  return samplePacket(titles, attachment);
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    chromePath: chromePath ?? '@sparticuz/chromium',
  };
  const log = (line: string) => process.stdout.write(line + '\n');

  const [bootMs, rt] = await time(() =>
    startDocumentRuntime({
      dataDir,
      templatesDir: resolve('templates'),
      chromePath,
      concurrency: 2,
      timeoutMs: 30_000,
    }),
  );
  const stop = () => void rt.close().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const doc: PrintableDocument = rt.templates.caseDocument(rooftopGreeningCase());
    const [firstMs, firstPdf] = await time(() => rt.renderer.render(doc));
    const pages = (await PDFDocument.load(firstPdf)).getPageCount();
    log(
      `boot (fonts, browser, warm-up): ${ms(bootMs)}; case document: ${pages} pages, ${(firstPdf.length / 1024).toFixed(0)} KB`,
    );

    const warm: number[] = [];
    for (let i = 0; i < 60; i++) warm.push((await time(() => rt.renderer.render(doc)))[0]);
    const warmP50 = median(warm);
    const warmP95 = percentile(warm, 95);
    log(`warm render (60, sequential): p50 ${ms(warmP50)}, p95 ${ms(warmP95)}`);
    log(`first render after boot: ${ms(firstMs)} (${(firstMs / warmP50).toFixed(2)}× warm p50)`);

    // Naive baseline: a browser launched for every document, same binary, same run.
    const naive: number[] = [];
    for (let i = 0; i < 8; i++) {
      const [t] = await time(async () => {
        const once = new ChromiumPdfRenderer({
          executablePath: rt.executablePath,
          fontconfigFile: rt.fonts.fontconfigFile,
          workDir: join(dataDir, 'renderer-bench'),
          concurrency: 1,
          timeoutMs: 30_000,
        });
        try {
          await once.render(doc);
        } finally {
          await once.close();
        }
      });
      naive.push(t);
    }
    const naiveP50 = median(naive);
    log(
      `browser per document (8): p50 ${ms(naiveP50)} → warm pool is ${(naiveP50 / warmP50).toFixed(1)}× faster`,
    );

    const throughputDocs = 60;
    const [throughputMs] = await time(() =>
      Promise.all(Array.from({ length: throughputDocs }, () => rt.renderer.render(doc))),
    );
    const docsPerSecond = throughputDocs / (throughputMs / 1000);
    log(
      `throughput, 2 concurrent pages: ${throughputDocs} documents in ${ms(throughputMs)} = ${docsPerSecond.toFixed(1)} docs/s`,
    );

    // Word copies: the paper's HTML converted to .docx in this process (no browser), per paper.
    const docx: Record<string, { p50: number; p95: number; kb: number }> = {};
    for (const paper of samplePapers(rt.templates)) {
      let bytes = 0;
      for (let i = 0; i < 5; i++) bytes = (await htmlToDocx(paper.document.html)).length;
      const runs: number[] = [];
      for (let i = 0; i < 60; i++) runs.push((await time(() => htmlToDocx(paper.document.html)))[0]);
      docx[paper.name] = { p50: median(runs), p95: percentile(runs, 95), kb: bytes / 1024 };
      log(
        `docx build, ${paper.name} (60, sequential): p50 ${ms(docx[paper.name].p50)}, p95 ${ms(docx[paper.name].p95)}, ${docx[paper.name].kb.toFixed(0)} KB`,
      );
    }
    const docxWorstP50 = Math.max(...Object.values(docx).map((d) => d.p50));

    // 10-case meeting packet: agenda, materials list, 10 case documents and a 2-page attachment each.
    const attachment = await PDFDocument.create();
    attachment.addPage();
    attachment.addPage();
    const attachmentBytes = await attachment.save();
    const packetInput = tenCasePacket(attachmentBytes);
    const packetRuns: number[] = [];
    let packetPages = 0;
    for (let i = 0; i < 6; i++) {
      const [t, packet] = await time(() => buildMeetingPacket(rt, packetInput));
      packetRuns.push(t);
      packetPages = packet.pageCount;
    }
    const packetP50 = median(packetRuns);
    log(
      `10-case packet (${packetPages} pages, 6 runs): p50 ${ms(packetP50)}, max ${ms(Math.max(...packetRuns))}`,
    );

    const long: number[] = [];
    const rssNode: number[] = [];
    const rssBrowser: number[] = [];
    for (let i = 0; i < longRun; i++) {
      long.push((await time(() => rt.renderer.render(doc)))[0]);
      if (i % 100 === 0 || i === longRun - 1) {
        rssNode.push(process.memoryUsage().rss);
        rssBrowser.push(treePss(rt.renderer.browserProcessId()));
      }
    }
    const first100 = median(long.slice(0, 100));
    const last100 = median(long.slice(-100));
    log(
      `${longRun} sequential renders: median first 100 ${ms(first100)}, last 100 ${ms(last100)} (${(last100 / first100).toFixed(2)}×)`,
    );
    log(`RSS node: ${rssNode.map(mb).join(' → ')}`);
    log(`PSS browser (all processes): ${rssBrowser.map(mb).join(' → ')}`);

    Object.assign(results, {
      pages,
      bootMs,
      firstMs,
      warmP50,
      warmP95,
      naiveP50,
      speedup: naiveP50 / warmP50,
      docsPerSecond,
      packetP50,
      packetPages,
      docx,
      first100,
      last100,
      rssNode,
      rssBrowser,
      targets: {
        warmP50: warmP50 <= 100,
        speedup4x: naiveP50 / warmP50 >= 4,
        throughput15: docsPerSecond >= 15,
        firstWithin2x: firstMs <= 2 * warmP50,
        last100Within1_2x: last100 <= 1.2 * first100,
        packet1_5s: packetP50 <= 1500,
        docxP50_50ms: docxWorstP50 <= 50,
      },
    });
    log(`targets: ${JSON.stringify(results.targets)}`);
    const out = resolve('bench/results');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, `render-${Date.now()}.json`), JSON.stringify(results, null, 2));
  } finally {
    await rt.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
