import type { ActionResult } from "./action-result";

/**
 * What a form's server action hands back to useActionState: the command's
 * answer, and what was typed, so the form can keep it after a refusal
 * (React resets a form once its action has run). Null before the first submit.
 */
export type FormState<Data, Values> = { result: ActionResult<Data>; values: Values } | null;
