import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { AREA_ROLES } from "@/lib/auth/roles";
import { db } from "@/lib/server/db";
import { getOnboardingFunnel } from "@/lib/server/get-onboarding-funnel";
import { requireRole } from "@/lib/server/session";

export const metadata: Metadata = { title: "Insights" };

export default async function InsightsPage() {
  await requireRole(...AREA_ROLES.insights);
  const steps = await getOnboardingFunnel(db);
  const total = steps.reduce((sum, step) => sum + step.pending, 0);

  return (
    <>
      <PageHeader title="Insights">Where people are in onboarding. The full funnel comes next.</PageHeader>
      <Card as="section" aria-labelledby="onboarding-title">
        <h2 id="onboarding-title" className="font-medium text-slate-900">
          Pending onboarding jobs by step
        </h2>
        {total === 0 && <p className="mt-1 text-sm text-slate-600">No one has onboarding steps pending right now.</p>}
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Step
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Job
                </th>
                <th scope="col" className="py-2 text-right font-medium">
                  Pending
                </th>
              </tr>
            </thead>
            <tbody>
              {steps.map((step) => (
                <tr key={step.jobType} className="border-b border-slate-100 last:border-0">
                  <td className="py-2 pr-4 tabular-nums">{step.step}</td>
                  <th scope="row" className="py-2 pr-4 font-normal">
                    {step.title}
                  </th>
                  <td className="py-2 text-right tabular-nums">{step.pending}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </>
  );
}
