package dev.acf.ans.register;

/** Whether a domain certifies registrations at once or holds them for an administrator (ANS-REG-4). */
public enum ApprovalPolicy {
    /** Valid registrations are certified at once. */
    AUTO,
    /** Valid registrations wait as {@code PENDING} until an administrator approves them. */
    APPROVAL
}
