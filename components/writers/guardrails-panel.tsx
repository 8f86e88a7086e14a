import { CopyBlock } from "@/components/ui/copy-block";
import type { guardrailsFor } from "@/lib/writers/guardrails";

type Guardrails = ReturnType<typeof guardrailsFor>;

/** The guardrails that refuse such writes at the door, with what they would have refused by the evidence. */
export function GuardrailsPanel({ g }: { g: Guardrails }) {
  const p = g.bucketPolicy;
  return (
    <section aria-labelledby="guardrails" className="space-y-3">
      <h2 id="guardrails" className="text-lg font-semibold">
        Guardrails
      </h2>
      <p className="text-sm" data-testid="guardrail-refused">
        A bucket-policy statement refusing writes without bucket-owner-full-control would have refused{" "}
        {p.wouldRefuse.writes} writes the logs show without it, from {p.wouldRefuse.writers.length} writers
        (and {p.wouldRefuse.unseen} writes of theirs whose ACL the logs do not show).{" "}
        <strong>It breaks each of those writers until it changes its setting.</strong>{" "}
        {p.ownerExempt
          ? "The bucket owner's own account is exempt."
          : "The owner's own writers must send the ACL too (its account ID is not known here)."}
      </p>
      {p.policy ? (
        <CopyBlock label="The bucket's policy with the statement merged in" code={p.policy} />
      ) : (
        <>
          <p className="text-sm text-amber-800">{p.unmerged}: merge this statement into it.</p>
          <CopyBlock label="The statement" code={p.statement} />
        </>
      )}
      {p.command && <CopyBlock label="Apply it with the aws CLI" code={p.command} />}
      <CopyBlock
        label="For the organization: an SCP that keeps every bucket's ACLs disabled"
        code={g.organization.policy}
      />
    </section>
  );
}
