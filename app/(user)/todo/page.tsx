import type { Metadata } from "next";
import { LiveUpdates } from "@/components/live/live-updates";
import { TeamTodoSection } from "@/components/todo/team-todo-section";
import { TodoBoard } from "@/components/todo/todo-board";
import { PageHeader } from "@/components/ui/page-header";
import { db } from "@/lib/server/db";
import { getTeamTodoList } from "@/lib/server/queries/team-todo-list";
import { getTodoList } from "@/lib/server/queries/todo-list";
import { requireUser } from "@/lib/server/session";

export const metadata: Metadata = { title: "My jobs" };

export default async function TodoPage() {
  const actor = await requireUser();
  const [list, team] = await Promise.all([getTodoList(db, actor.id), getTeamTodoList(db, actor.id)]);
  const now = new Date();
  return (
    <>
      <PageHeader title="My jobs">What is left for you to do, first things first.</PageHeader>
      {/* Others finishing or handing over a job of yours (staff, the system) show here without a reload; so does the bell's count. */}
      <LiveUpdates scope="own" queryKeys={[["notifications"]]} className="-mt-4 mb-4" />
      <div className="flex flex-col gap-8">
        <TodoBoard list={list} now={now} />
        {team && <TeamTodoSection team={team} now={now} />}
      </div>
    </>
  );
}
