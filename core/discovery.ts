import type { Service } from "./catalog.ts";

/** How sure discovery is of an entry: read from configuration, inferred from names or owners, or a guess. */
export type Confidence = "certain" | "likely" | "guess";

/** One service `doraform init` proposes, with how it was inferred (written as a comment beside it). */
export interface ProposedService {
  service: Service;
  how: string;
  confidence: Confidence;
}

/** What discovery proposes for `doraform.yaml`, and what it could not decide (one line each). */
export interface Discovery {
  services: ProposedService[];
  undecided: string[];
}
