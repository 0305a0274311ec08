import type { ActionResult } from "@/lib/validation/action-result";

function isActionResult(value: unknown): value is ActionResult<unknown> {
  return typeof value === "object" && value !== null && "ok" in value && typeof value.ok === "boolean";
}

/**
 * POSTs a form to one of our JSON upload routes and reports how much of it
 * has been sent (0 to 1). XMLHttpRequest rather than fetch: fetch still cannot
 * report upload progress in every browser. Rejects only when there is no
 * answer to read (offline, a proxy's error page).
 */
export function uploadWithProgress<T>(url: string, body: FormData, onProgress: (fraction: number) => void): Promise<ActionResult<T>> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", url);
    request.responseType = "json";
    request.setRequestHeader("Accept", "application/json");
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    });
    request.addEventListener("load", () => {
      const answer: unknown = request.response;
      if (isActionResult(answer)) resolve(answer as ActionResult<T>);
      else reject(new Error(`The upload answered ${request.status} without a result`));
    });
    request.addEventListener("error", () => reject(new Error("The upload could not reach the server")));
    request.addEventListener("abort", () => reject(new Error("The upload was stopped")));
    request.send(body);
  });
}
