// Documents the unit tests start from.

import type { SopDocument } from "./types.ts";

/** A small refund flow with every kind of node the builder draws. */
export function refund(): SopDocument {
  return {
    kind: "sop",
    code: "SOP-FIN-009",
    title: "Refund",
    tags: ["refunds"],
    roles: [
      { id: "agent", name: "Support agent", kind: "person" },
      { id: "billing", name: "Billing team", kind: "team" },
    ],
    flow: {
      start: "log",
      nodes: [
        { id: "log", type: "step", role: "agent", instruction: "Log the request.", detail: { novice: "Use the form." }, next: "eligible" },
        {
          id: "eligible",
          type: "decision",
          role: "agent",
          question: "Eligible?",
          options: [
            { label: "Yes", condition: "Under 30 days", next: "to-billing" },
            { label: "No", next: "declined" },
          ],
        },
        { id: "to-billing", type: "handoff", from_role: "agent", to_role: "billing", transfers: ["The ticket"], next: "pay" },
        { id: "pay", type: "step", role: "billing", instruction: "Pay it back.", reference: "WI-PAY-003", next: "issued" },
        { id: "issued", type: "outcome", name: "Refund issued" },
        { id: "declined", type: "outcome", name: "Refund declined", description: "Told why." },
      ],
    },
  };
}
