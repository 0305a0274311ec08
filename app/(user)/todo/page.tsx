import type { Metadata } from "next";
import { TodoBoard } from "@/components/todo/todo-board";
import { PageHeader } from "@/components/ui/page-header";
import { db } from "@/lib/server/db";
import { getTodoList } from "@/lib/server/queries/todo-list";
import { requireUser } from "@/lib/server/session";

export const metadata: Metadata = { title: "My jobs" };

export default async function TodoPage() {
  const actor = await requireUser();
  const list = await getTodoList(db, actor.id);
  return (
    <>
      <PageHeader title="My jobs">What is left for you to do, first things first.</PageHeader>
      <TodoBoard list={list} now={new Date()} />
    </>
  );
}
