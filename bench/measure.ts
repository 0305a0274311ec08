// Side-by-side measurement: the engine path and the baseline path of one
// operation take turns, round after round, on the same data and the same pool
// size, with the side that goes first swapping every round (AB, BA, AB…). The
// machine is shared and noisy; what survives the noise is the ratio of two
// runs made seconds apart, so each round's engine/baseline ratio is kept and
// the median over rounds is reported.

export type SideName = "engine" | "baseline";

/** One call of one side; returns how many units it did (1 for most, the jobs expired for the sweep) and an outcome label. */
export type Call<I> = (input: I) => Promise<{ units: number; outcome?: string }>;

export interface Operation<I> {
  key: string;
  title: string;
  /** What a unit is: an operation, or a job (the sweep). */
  unit: "op" | "job";
  /** Callers running at once. */
  concurrency: number;
  /** The minimum engine/baseline throughput ratio the issue asks for; null for a diagnostic without one. */
  target: number | null;
  /** Measured rounds, when this operation needs fewer than the run's default (the sweep writes 100,000 rows a round). */
  rounds?: number;
  /** What one round of one side does, in words (for the report). */
  describe: string;
  /** Inputs for one side's round. May write the rows that round consumes (not timed). */
  prepare(side: SideName, round: number): Promise<I[]>;
  engine: Call<I>;
  baseline: Call<I>;
  /** After every round of both sides (not timed). */
  cleanup?(): Promise<void>;
}

export interface RoundSample {
  round: number;
  side: SideName;
  /** Which side went first this round. */
  first: boolean;
  units: number;
  calls: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  /** CPU this process spent per call (user + system): where the engine's overhead shows on a machine that is also the database server. */
  cpuMsPerCall: number;
  outcomes: Record<string, number>;
}

export interface SideSummary {
  /** Medians over the measured rounds. */
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  cpuMsPerCall: number;
  outcomes: Record<string, number>;
}

export interface OperationResult {
  key: string;
  title: string;
  unit: "op" | "job";
  concurrency: number;
  describe: string;
  target: number | null;
  engine: SideSummary;
  baseline: SideSummary;
  /** Median over rounds of engine/baseline throughput in the same round. */
  ratio: number;
  /** Each measured round's ratio, to show the spread. */
  roundRatios: number[];
  /** Null for a diagnostic without a target. */
  met: boolean | null;
  rounds: RoundSample[];
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  // Nearest-rank: the smallest value with at least p of the samples at or below it.
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Runs `call` over `inputs` with `concurrency` callers pulling from one queue; times each call. */
export async function runSide<I>(call: Call<I>, inputs: I[], concurrency: number): Promise<Omit<RoundSample, "round" | "side" | "first">> {
  const latencies: number[] = [];
  const outcomes: Record<string, number> = {};
  let units = 0;
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const worker = async () => {
    while (next < inputs.length) {
      const input = inputs[next++]!;
      const t0 = performance.now();
      const result = await call(input);
      latencies.push(performance.now() - t0);
      units += result.units;
      if (result.outcome) outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, inputs.length) }, worker));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  return {
    units,
    calls: latencies.length,
    seconds,
    perSecond: units / seconds,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    cpuMsPerCall: (used.user + used.system) / 1000 / Math.max(1, latencies.length),
    outcomes,
  };
}

export async function measure<I>(
  op: Operation<I>,
  defaultRounds: number,
  warmupRounds: number,
  log: (line: string) => void,
): Promise<OperationResult> {
  const rounds = op.rounds ?? defaultRounds;
  const samples: RoundSample[] = [];
  for (let round = 0; round < warmupRounds + rounds; round++) {
    const order: SideName[] = round % 2 === 0 ? ["engine", "baseline"] : ["baseline", "engine"];
    const warm = round < warmupRounds;
    for (const [i, side] of order.entries()) {
      const inputs = await op.prepare(side, round);
      const sample = await runSide(side === "engine" ? op.engine : op.baseline, inputs, op.concurrency);
      if (!warm) samples.push({ round: round - warmupRounds + 1, side, first: i === 0, ...sample });
    }
    await op.cleanup?.();
    const last = samples.slice(-2);
    const e = last.find((s) => s.side === "engine");
    const b = last.find((s) => s.side === "baseline");
    if (!warm && e && b)
      log(
        `  ${op.key} round ${round - warmupRounds + 1}: engine ${fmt(e.perSecond)}/s, baseline ${fmt(b.perSecond)}/s, ratio ${(e.perSecond / b.perSecond).toFixed(2)}`,
      );
    else if (warm) log(`  ${op.key} warm-up round done`);
  }
  const summary = (side: SideName): SideSummary => {
    const mine = samples.filter((s) => s.side === side);
    const outcomes: Record<string, number> = {};
    for (const s of mine) for (const [k, v] of Object.entries(s.outcomes)) outcomes[k] = (outcomes[k] ?? 0) + v;
    return {
      perSecond: median(mine.map((s) => s.perSecond)),
      p50Ms: median(mine.map((s) => s.p50Ms)),
      p95Ms: median(mine.map((s) => s.p95Ms)),
      cpuMsPerCall: median(mine.map((s) => s.cpuMsPerCall)),
      outcomes,
    };
  };
  const roundRatios: number[] = [];
  for (let r = 1; r <= rounds; r++) {
    const e = samples.find((s) => s.round === r && s.side === "engine");
    const b = samples.find((s) => s.round === r && s.side === "baseline");
    if (e && b) roundRatios.push(e.perSecond / b.perSecond);
  }
  const ratio = median(roundRatios);
  return {
    key: op.key,
    title: op.title,
    unit: op.unit,
    concurrency: op.concurrency,
    describe: op.describe,
    target: op.target,
    engine: summary("engine"),
    baseline: summary("baseline"),
    ratio,
    roundRatios,
    met: op.target === null ? null : ratio >= op.target,
    rounds: samples,
  };
}

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n >= 1000) return Math.round(n).toLocaleString("en-US");
  if (n >= 100) return n.toFixed(0);
  if (n >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

/** An operation with its input type hidden, so operations of different inputs fit in one list. */
export interface Measurable {
  key: string;
  run(rounds: number, warmupRounds: number, log: (line: string) => void): Promise<OperationResult>;
}

export function measurable<I>(op: Operation<I>): Measurable {
  return { key: op.key, run: (rounds, warmupRounds, log) => measure(op, rounds, warmupRounds, log) };
}
