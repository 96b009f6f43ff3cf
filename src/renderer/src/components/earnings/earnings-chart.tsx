import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { SeriesPoint } from '../../../../shared/contract/earnings';

/** A token of styles/tokens.css as the page shows it now (light or dark). */
function token(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

/** Plot coordinates only: amounts stay integer micro-NOS everywhere else. */
const nos = (micro: string | null) => (micro === null ? null : Number(micro) / 1_000_000);

/**
 * Gross per period as bars and, when a NOS price is set, net of the electricity estimate as a line; drawn by
 * uPlot in the theme's colours (redrawn when the system switches between light and dark).
 */
export function EarningsChart({ points, showNet, label }: { points: SeriesPoint[]; showNet: boolean; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let plot: uPlot | null = null;
    const draw = () => {
      plot?.destroy();
      const text = token('--text-muted');
      const grid = token('--border');
      const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
      const xs = points.map((_, i) => i);
      const series: uPlot.Series[] = [
        {},
        { label: 'Gross (NOS)', stroke: token('--accent'), fill: token('--accent-soft'), width: 1, paths: uPlot.paths.bars!({ size: [0.7, 40] }) },
      ];
      const data: uPlot.AlignedData = [xs, points.map((p) => nos(p.gross))];
      if (showNet) {
        series.push({ label: 'Net, estimate (NOS)', stroke: token('--info'), width: 2, points: { show: true, size: 5 } });
        data.push(points.map((p) => nos(p.net)));
      }
      plot = new uPlot(
        {
          width: Math.max(280, el.clientWidth),
          height: 220,
          scales: { x: { time: false, range: [-0.5, Math.max(0.5, points.length - 0.5)] } },
          axes: [
            { ...axis, values: (_u, ticks) => ticks.map((t) => points[t]?.start.slice(5) ?? '') , space: 48 },
            { ...axis, size: 72, values: (_u, ticks) => ticks.map((t) => t.toFixed(t < 0.01 && t > 0 ? 6 : 4)) },
          ],
          legend: { show: true },
          cursor: { points: { show: false } },
          series,
        },
        data,
        el,
      );
    };
    draw();
    const dark = window.matchMedia('(prefers-color-scheme: dark)');
    const resize = new ResizeObserver(() => plot?.setSize({ width: Math.max(280, el.clientWidth), height: 220 }));
    resize.observe(el);
    dark.addEventListener('change', draw);
    return () => {
      dark.removeEventListener('change', draw);
      resize.disconnect();
      plot?.destroy();
    };
  }, [points, showNet]);
  return <div ref={box} className="earnings-chart" role="img" aria-label={label} data-testid="earnings-chart" />;
}
