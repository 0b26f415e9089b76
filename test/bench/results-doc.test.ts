// bench/results.md is shared by the benchmark and drill runners: each replaces only its own part.
import { describe, expect, it } from 'vitest';
import {
  DRILLS_END,
  DRILLS_START,
  dateOf,
  notesOf,
  rowsOf,
  sectionOf,
  withSection,
} from '../../bench/lib/results-doc.js';

const doc = [
  '# Benchmark results',
  '',
  '- date: 2026-11-25T16:40:38.203Z',
  '',
  '| benchmark | figure | value | goal | met |',
  '|---|---|---|---|---|',
  '| slack-ack | p99 | 12 ms |  |  |',
  '| slack-ack-extra | p99 | 1 ms |  |  |',
  '| soak | growth | 4 % | < 10 % | yes |',
  '',
  '## Notes',
  '',
  '- slack-ack: pinned to CPU 0',
  '- soak: 10 minutes',
].join('\n');

describe('results document', () => {
  it('finds a benchmark’s rows and notes by its exact name, and the run’s date', () => {
    expect(rowsOf(doc, 'slack-ack')).toEqual(['| slack-ack | p99 | 12 ms |  |  |']);
    expect(notesOf(doc, 'soak')).toEqual(['- soak: 10 minutes']);
    expect(rowsOf(doc, 'teams-turn')).toEqual([]);
    expect(dateOf(doc)).toBe('2026-11-25T16:40:38.203Z');
  });

  it('appends the drills section once, then replaces only it', () => {
    const first = withSection(doc, DRILLS_START, DRILLS_END, '## Failure drills\n\n| a | pass |');
    expect(first.startsWith(doc)).toBe(true);
    expect(sectionOf(first, DRILLS_START, DRILLS_END)).toBe(
      `${DRILLS_START}\n## Failure drills\n\n| a | pass |\n${DRILLS_END}`,
    );
    // A replacement containing `$&` is taken literally, not as a replace pattern.
    const second = withSection(first, DRILLS_START, DRILLS_END, '## Failure drills\n\n| b $& | FAIL |');
    expect(second.split(DRILLS_START)).toHaveLength(2);
    expect(second).toContain('| b $& | FAIL |');
    expect(second).not.toContain('| a | pass |');
    expect(second.startsWith(doc)).toBe(true);
  });
});
