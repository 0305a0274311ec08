import "server-only";
import { saveCompanyDetails } from "@/lib/organisations/save-company-details";
import { companyDetailsSchema } from "@/lib/validation/organisations";
import { command } from "../command";

/** An owner or admin saves their own organisation's name and details (completing "add your company details"). */
export const saveMyCompanyDetails = command({ name: "saveMyCompanyDetails", input: companyDetailsSchema }, async ({ actor, input, db }) => {
  const organisation = await saveCompanyDetails(db, actor.id, input);
  return { name: organisation.name };
});
