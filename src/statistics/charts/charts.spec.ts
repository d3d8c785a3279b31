import { parseStrictXml } from '../../../test/support/xml';
import { barChart, histogram, lineChart, stackedBarChart } from './charts';
import { NO_DATA, niceScale } from './svg';

/** Parses as XML and throws on any well-formedness error (what a strict SVG viewer would refuse). */
function parse(svg: string) {
  const root = parseStrictXml(svg, 'image/svg+xml').documentElement!;
  expect(root.nodeName).toBe('svg');
  return root;
}

const rects = (root: Element, attr: string) =>
  Array.from(root.getElementsByTagName('rect'))
    .filter((r) => r.hasAttribute('data-value'))
    .map((r) => ({ value: Number(r.getAttribute('data-value')), size: Number(r.getAttribute(attr)) }));

function expectAccessible(root: Element, title: string) {
  expect(root.getAttribute('role')).toBe('img');
  const [titleId, descId] = root.getAttribute('aria-labelledby')!.split(' ');
  const t = root.getElementsByTagName('title')[0];
  const d = root.getElementsByTagName('desc')[0];
  expect(t.getAttribute('id')).toBe(titleId);
  expect(d.getAttribute('id')).toBe(descId);
  expect(t.textContent).toBe(title);
  expect(d.textContent!.length).toBeGreaterThan(0);
}

const text = { id: 'c1', title: '条例の根拠別の件数 <&>', desc: '根拠条項ごとの事案の件数' };

describe('bar chart', () => {
  it('is valid XML with role img, title and desc, escaping labels', () => {
    const root = parse(barChart(text, [{ label: '第17条 "委託" & <再委託>', value: 3 }]));
    expectAccessible(root, '条例の根拠別の件数 <&>');
    expect(root.textContent).toContain('第17条 "委託" & <再委託>');
  });

  it('bar lengths are proportional to the values and each value is written beside its bar', () => {
    const root = parse(
      barChart(text, [
        { label: 'A', value: 2 },
        { label: 'B', value: 8 },
        { label: 'C', value: 5 },
      ]),
    );
    const bars = rects(root, 'width');
    expect(bars.map((b) => b.value)).toEqual([2, 8, 5]);
    for (const b of bars) expect(b.size / bars[1].size).toBeCloseTo(b.value / 8, 2);
    const texts = Array.from(root.getElementsByTagName('text')).map((t) => t.textContent);
    expect(texts).toEqual(expect.arrayContaining(['2', '8', '5']));
  });

  it('without data says データがありません instead of drawing an empty axis', () => {
    for (const svg of [barChart(text, []), barChart(text, [{ label: 'A', value: 0 }])]) {
      const root = parse(svg);
      expectAccessible(root, text.title);
      expect(rects(root, 'width')).toEqual([]);
      expect(root.textContent).toContain(NO_DATA);
    }
  });
});

describe('stacked bar chart', () => {
  const series = [
    { name: '諮問', values: [4, 0, 6] },
    { name: '事前報告', values: [1, 2, 0] },
    { name: '報告', values: [3, 2, 2] },
  ];

  it('stacks segments whose heights are proportional, totals written above each column', () => {
    const root = parse(
      stackedBarChart({ ...text, id: 'fy' }, ['令和5年度', '令和6年度', '令和7年度'], series),
    );
    expectAccessible(root, text.title);
    const segs = rects(root, 'height');
    expect(segs.map((s) => s.value)).toEqual([4, 1, 3, 2, 2, 6, 2]);
    const unit = segs[0].size / 4;
    for (const s of segs) expect(s.size).toBeCloseTo(s.value * unit, 0);
    const texts = Array.from(root.getElementsByTagName('text')).map((t) => t.textContent);
    expect(texts).toEqual(expect.arrayContaining(['8', '4', '8', '令和5年度', '諮問', '事前報告', '報告']));
  });

  it('tells series apart by pattern, not only by colour; legend swatches use the same fills', () => {
    const root = parse(stackedBarChart({ ...text, id: 'fy' }, ['令和7年度'], series));
    const patterns = Array.from(root.getElementsByTagName('pattern')).map((p) => p.getAttribute('id'));
    expect(patterns).toEqual(['fy-p1', 'fy-p2']);
    const fills = new Set(Array.from(root.getElementsByTagName('rect')).map((r) => r.getAttribute('fill')));
    expect([...fills]).toEqual(expect.arrayContaining(['url(#fy-p1)', 'url(#fy-p2)']));
  });

  it('all-zero columns render データがありません', () => {
    const root = parse(stackedBarChart(text, ['令和7年度'], [{ name: '諮問', values: [0] }]));
    expect(root.textContent).toContain(NO_DATA);
  });
});

describe('histogram', () => {
  it('columns proportional to the counts, labelled by bin', () => {
    const root = parse(
      histogram(text, [
        { label: '0〜29日', count: 1 },
        { label: '30〜59日', count: 4 },
        { label: '60〜89日', count: 0 },
        { label: '90〜119日', count: 2 },
      ]),
    );
    const cols = rects(root, 'height');
    expect(cols.map((c) => c.value)).toEqual([1, 4, 0, 2]);
    expect(cols[2].size).toBe(0);
    expect(cols[1].size / cols[0].size).toBeCloseTo(4, 5);
    expect(cols[3].size / cols[0].size).toBeCloseTo(2, 5);
    expect(root.textContent).toContain('30〜59日');
  });

  it('no bins: データがありません', () => {
    expect(parse(histogram(text, [])).textContent).toContain(NO_DATA);
  });
});

describe('line chart', () => {
  it('one polyline per series, points placed by value, each series named at its end', () => {
    const root = parse(
      lineChart(
        text,
        ['4月', '5月', '6月'],
        [
          { name: '未完了', values: [2, 4, 1] },
          { name: '期限超過', values: [0, 2, 1] },
        ],
      ),
    );
    expectAccessible(root, text.title);
    const lines = Array.from(root.getElementsByTagName('polyline'));
    expect(lines).toHaveLength(2);
    const ys = (i: number) =>
      lines[i]
        .getAttribute('points')!
        .split(' ')
        .map((p) => Number(p.split(',')[1]));
    const [a0, a1, a2] = ys(0);
    const base = ys(1)[0]; // value 0
    expect((base - a1) / (base - a0)).toBeCloseTo(2, 1);
    expect((base - a2) / (base - a0)).toBeCloseTo(0.5, 1);
    expect(lines[1].hasAttribute('stroke-dasharray')).toBe(true);
    const texts = Array.from(root.getElementsByTagName('text')).map((t) => t.textContent);
    expect(texts).toEqual(expect.arrayContaining(['未完了', '期限超過', '4月', '6月']));
  });

  it('no months: データがありません', () => {
    expect(parse(lineChart(text, [], [{ name: '未完了', values: [] }])).textContent).toContain(NO_DATA);
  });
});

describe('value axis scale', () => {
  it.each([
    [0, 1],
    [1, 1],
    [3, 3],
    [7, 8],
    [12, 15],
    [37, 40],
    [230, 250],
  ])('max %d → top %d', (max, top) => {
    expect(niceScale(max).top).toBe(top);
  });
});

describe('line chart over many months', () => {
  it('drops the point markers past 24 points, keeping the dashes that tell the lines apart', () => {
    const labels = Array.from({ length: 36 }, (_, i) => `${i + 1}`);
    const root = parse(
      lineChart(text, labels, [
        { name: '未完了', values: labels.map(() => 2) },
        { name: '期限超過', values: labels.map(() => 1) },
      ]),
    );
    expect(root.getElementsByTagName('circle').length).toBe(0);
    expect(root.getElementsByTagName('polyline')[1].hasAttribute('stroke-dasharray')).toBe(true);
  });
});
