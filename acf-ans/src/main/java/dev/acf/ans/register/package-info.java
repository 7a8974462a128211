/**
 * Registration (ANS-REG-1, ANS-REG-4): the {@link dev.acf.ans.register.RegistrationRequest}
 * and its result, the {@link dev.acf.ans.register.Registrar} flow, and the durable approval
 * queue ({@link dev.acf.ans.register.PendingRequests}).
 */
@NullMarked
package dev.acf.ans.register;

import org.jspecify.annotations.NullMarked;
