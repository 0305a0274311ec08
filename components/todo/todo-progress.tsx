import type { OnboardingProgress, OnboardingStepState } from "@/lib/server/queries/todo-list";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";

const STATE_LABEL: Record<OnboardingStepState, string> = {
  done: "done",
  pending: "to do",
  expired: "expired",
  "not-requested": "not started",
};

function StepMark({ state }: { state: OnboardingStepState }) {
  if (state === "done") {
    return (
      <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5 shrink-0 text-emerald-700" fill="currentColor">
        <path
          fillRule="evenodd"
          d="M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16Zm3.7-9.3a1 1 0 0 0-1.4-1.4L9 10.6 7.7 9.3a1 1 0 0 0-1.4 1.4l2 2a1 1 0 0 0 1.4 0l4-4Z"
          clipRule="evenodd"
        />
      </svg>
    );
  }
  return (
    <span
      aria-hidden="true"
      className={cn("size-5 shrink-0 rounded-full border-2", state === "expired" ? "border-amber-600" : "border-slate-400")}
    />
  );
}

/** "3 of 5 done", a progress bar and the steps, for the onboarding steps. */
export function TodoProgress({ progress }: { progress: OnboardingProgress }) {
  const { done, total, steps } = progress;
  const percent = total === 0 ? 0 : Math.round((done / total) * 100);
  return (
    <Card as="section" aria-labelledby="progress-heading">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="progress-heading" className="text-lg font-semibold text-slate-900">
          Getting started
        </h2>
        <p className="text-sm font-medium text-slate-700">
          {done} of {total} done
        </p>
      </div>
      <div
        role="progressbar"
        aria-labelledby="progress-heading"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${total} done`}
        className="mt-3 h-3 overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full rounded-full bg-indigo-600 transition-[width] duration-300" style={{ width: `${percent}%` }} />
      </div>
      <ol className="mt-4 grid gap-2 text-sm sm:grid-cols-2 lg:grid-cols-3">
        {steps.map((step) => (
          <li key={step.jobType} className="flex items-center gap-2">
            <StepMark state={step.state} />
            <span className={cn(step.state === "done" ? "text-slate-600 line-through decoration-slate-400" : "text-slate-900")}>
              {step.title}
            </span>
            <span className="sr-only">({STATE_LABEL[step.state]})</span>
            {step.state === "expired" && <span className="text-xs font-medium text-amber-800">expired</span>}
          </li>
        ))}
      </ol>
    </Card>
  );
}
