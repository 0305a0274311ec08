import Link from "next/link";
import { Card } from "@/components/ui/card";
import { StatusBadge } from "@/components/ui/status-badge";
import { TimeAgo } from "@/components/ui/time-ago";
import type { TeamTodo, TeamTodoList } from "@/lib/server/queries/team-todo-list";

const FOR: Record<TeamTodo["eligible"], string> = { admins: "For admins", members: "For everyone" };

function StepState({ step, now }: { step: TeamTodo; now: Date }) {
  if (step.state === "done") {
    return (
      <p className="text-sm text-slate-700">
        <span className="font-medium text-emerald-800">Done</span> {step.doneBy ? `by ${step.doneBy}` : "automatically"}
        {step.finishedAt && (
          <>
            {" · "}
            <TimeAgo date={step.finishedAt} now={now} className="whitespace-nowrap" />
          </>
        )}
      </p>
    );
  }
  if (step.state !== "pending")
    return <p className="text-sm font-medium text-amber-800">{step.state === "expired" ? "Expired" : "Cancelled"}</p>;
  return null;
}

/**
 * "For your team": the organisation's own onboarding steps, the same list for
 * every member. A step for admins shows a member the team's progress without
 * a link to do it; each finished step says who did it.
 */
export function TeamTodoSection({ team, now }: { team: TeamTodoList; now: Date }) {
  const { done, total, steps } = team;
  return (
    <Card as="section" aria-labelledby="team-todo-heading" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="team-todo-heading" className="text-lg font-semibold text-slate-900">
          For your team
        </h2>
        <p className="text-sm font-medium text-slate-700">
          {done} of {total} done
        </p>
      </div>
      <p className="text-sm text-slate-700">
        Shared by everyone in {team.organisation.name}: when one of you does a step, it is done for all.
      </p>
      <div
        role="progressbar"
        aria-labelledby="team-todo-heading"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${total} done`}
        className="h-3 overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full rounded-full bg-indigo-600" style={{ width: `${total === 0 ? 0 : Math.round((done / total) * 100)}%` }} />
      </div>
      <ul aria-labelledby="team-todo-heading" className="flex flex-col divide-y divide-slate-200">
        {steps.map((step) => (
          <li key={step.id} className="flex flex-col gap-1 py-3 first:pt-1 last:pb-0">
            <div className="flex flex-wrap items-center gap-2">
              <h3
                className={
                  step.state === "done" ? "font-medium text-slate-600 line-through decoration-slate-400" : "font-medium text-slate-900"
                }
              >
                {step.title}
              </h3>
              <StatusBadge tone="neutral">{FOR[step.eligible]}</StatusBadge>
            </div>
            <StepState step={step} now={now} />
            {step.state === "pending" && (
              <>
                <p className="text-sm text-slate-700">{step.description}</p>
                {step.canAct ? (
                  step.href && (
                    <Link
                      href={step.href}
                      aria-label={`Do it now: ${step.title}`}
                      className="inline-flex min-h-11 items-center self-start rounded-md bg-indigo-600 px-4 text-sm font-medium text-white hover:bg-indigo-700"
                    >
                      Do it now
                    </Link>
                  )
                ) : (
                  <p className="text-sm text-slate-600">An admin of your team can do this.</p>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
