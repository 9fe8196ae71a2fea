import type { QualityLevel } from './use-hls-player';
import { formatBitrate } from '../format';

export interface QualityMenuProps {
  levels: QualityLevel[];
  selected: number;
  playing: number;
  onSelect: (index: number) => void;
}

function label(level: QualityLevel): string {
  return `${Math.min(level.width, level.height)}p`;
}

/** Automatic plus one entry per rendition, highest first; says what is playing in automatic mode. */
export function QualityMenu({ levels, selected, playing, onSelect }: QualityMenuProps) {
  if (levels.length === 0) return null;
  const current = levels.find((level) => level.index === playing);
  const ordered = [...levels].sort((a, b) => b.height * b.width - a.height * a.width);
  return (
    <div className="quality">
      <label htmlFor="quality-select">Quality</label>
      <select id="quality-select" value={selected} onChange={(event) => onSelect(Number(event.target.value))}>
        <option value={-1}>Auto{selected === -1 && current ? ` (${label(current)})` : ''}</option>
        {ordered.map((level) => (
          <option key={level.index} value={level.index}>
            {label(level)} · {formatBitrate(level.bitrate)}
          </option>
        ))}
      </select>
      <span
        className="quality-now"
        aria-live="polite"
        data-playing-height={current ? Math.min(current.width, current.height) : undefined}
      >
        {current ? `Playing ${current.width}×${current.height}` : ''}
      </span>
    </div>
  );
}
