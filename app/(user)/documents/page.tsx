import type { Metadata } from "next";
import { DocumentList } from "@/components/account/document-list";
import { DocumentUploadForm } from "@/components/account/document-upload-form";
import { CardSection } from "@/components/ui/card-section";
import { PageHeader } from "@/components/ui/page-header";
import { db } from "@/lib/server/db";
import { requireUser } from "@/lib/server/session";
import { listMyDocuments } from "./list-my-documents";

export const metadata: Metadata = { title: "Documents" };

export default async function DocumentsPage() {
  const actor = await requireUser();
  const documents = await listMyDocuments(db, actor.id);
  return (
    <>
      <PageHeader title="Documents">We check one document before you can work with real data; it usually takes a day.</PageHeader>
      <div className="grid gap-6 lg:grid-cols-2 lg:items-start">
        <CardSection title="Upload a document">
          <DocumentUploadForm />
        </CardSection>
        <section aria-labelledby="documents-heading" className="flex flex-col gap-3">
          <h2 id="documents-heading" className="text-lg font-semibold text-slate-900">
            Your documents
          </h2>
          <DocumentList documents={documents} now={new Date()} labelledBy="documents-heading" />
        </section>
      </div>
    </>
  );
}
