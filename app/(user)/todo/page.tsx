import { formatDistanceToNow } from "date-fns";
import type { Metadata } from "next";
import { CompleteJobButton } from "@/components/todo/complete-job-button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { db } from "@/lib/server/db";
import { getTodoList } from "@/lib/server/get-todo-list";
import { requireUser } from "@/lib/server/session";

export const metadata: Metadata = { title: "My jobs" };

export default async function TodoPage() {
  const actor = await requireUser();
  const items = await getTodoList(db, actor.id);
  const now = new Date();

  return (
    <>
      <PageHeader title="My jobs">What is left for you to do, oldest first.</PageHeader>
      {items.length === 0 ? (
        <EmptyState title="You're all caught up">When there is something for you to do, it will show up here.</EmptyState>
      ) : (
        <ul className="flex flex-col gap-3" aria-label="Pending jobs">
          {items.map((item) => (
            <Card as="li" key={item.id} className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
              <div>
                <h2 className="font-medium text-slate-900">{item.title}</h2>
                <p className="mt-1 text-sm text-slate-600">{item.description}</p>
                <p className="mt-2 text-xs text-slate-500">
                  Added <time dateTime={item.createdAt.toISOString()}>{formatDistanceToNow(item.createdAt, { addSuffix: true })}</time>
                  {item.dueAt && (
                    <>
                      {" · "}
                      {item.dueAt > now ? "due" : "was due"} <time dateTime={item.dueAt.toISOString()}>{formatDistanceToNow(item.dueAt, { addSuffix: true })}</time>
                    </>
                  )}
                </p>
              </div>
              {item.canComplete && <CompleteJobButton jobId={item.id} title={item.title} />}
            </Card>
          ))}
        </ul>
      )}
    </>
  );
}
