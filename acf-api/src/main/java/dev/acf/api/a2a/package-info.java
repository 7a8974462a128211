/**
 * The A2A (Agent2Agent) wire model for the JSON-RPC binding: agent cards, messages, parts,
 * tasks, streaming events, request parameters and the JSON-RPC 2.0 envelope, with
 * {@link dev.acf.api.a2a.A2aJson} to read and write them.
 *
 * <p>The records are the canonical model, shaped like A2A 1.0 ({@code specification/a2a.proto},
 * written as ProtoJSON). Every reader accepts both 1.0 and 0.3 documents; every writer produces
 * the version asked for. Records are immutable and thread-safe; JSON trees they hold are copied
 * in and out.
 *
 * <h2>Mapping between v0.3 and v1.0</h2>
 * <table>
 *   <caption>How the model reads and writes each version</caption>
 *   <tr><th>Model</th><th>v1.0 JSON</th><th>v0.3 JSON</th></tr>
 *   <tr><td>{@link dev.acf.api.a2a.A2aMethod}</td><td>{@code SendMessage}, {@code SendStreamingMessage},
 *       {@code GetTask}, {@code ListTasks}, {@code CancelTask}, {@code SubscribeToTask},
 *       {@code Create|Get|Delete TaskPushNotificationConfig}, {@code ListTaskPushNotificationConfigs},
 *       {@code GetExtendedAgentCard}</td>
 *       <td>{@code message/send}, {@code message/stream}, {@code tasks/get}, (none),
 *       {@code tasks/cancel}, {@code tasks/resubscribe}, {@code tasks/pushNotificationConfig/set|get|delete},
 *       {@code tasks/pushNotificationConfig/list}, {@code agent/getAuthenticatedExtendedCard}</td></tr>
 *   <tr><td>{@link dev.acf.api.a2a.TaskState}</td><td>{@code TASK_STATE_INPUT_REQUIRED} (also the enum number)</td>
 *       <td>{@code input-required}; {@code unknown} is {@code TASK_STATE_UNSPECIFIED}</td></tr>
 *   <tr><td>{@link dev.acf.api.a2a.Role}</td><td>{@code ROLE_USER}, {@code ROLE_AGENT}</td>
 *       <td>{@code user}, {@code agent}</td></tr>
 *   <tr><td>{@link dev.acf.api.a2a.TextPart}</td><td>{@code {"text", "mediaType"?}}</td>
 *       <td>{@code {"kind": "text", "text"}}; the media type is dropped</td></tr>
 *   <tr><td>{@link dev.acf.api.a2a.FilePart}</td><td>{@code {"raw"|"url", "filename", "mediaType"}}</td>
 *       <td>{@code {"kind": "file", "file": {"bytes"|"uri", "name", "mimeType"}}}</td></tr>
 *   <tr><td>{@link dev.acf.api.a2a.DataPart}</td><td>{@code {"data": any JSON value}}</td>
 *       <td>{@code {"kind": "data", "data": object}}; another value is wrapped as
 *       {@code {"value": ...}} with metadata {@code data_part_compat: true}, as the official SDKs do</td></tr>
 *   <tr><td>{@link dev.acf.api.a2a.Message}, {@link dev.acf.api.a2a.Task}</td><td>no discriminator</td>
 *       <td>{@code "kind": "message"}, {@code "kind": "task"}</td></tr>
 *   <tr><td>{@link dev.acf.api.a2a.TaskStatusUpdateEvent}</td><td>no {@code final}</td>
 *       <td>{@code "kind": "status-update"}; {@code final} is written as "the state is terminal
 *       or interrupted" (the stream ends there) and ignored when read</td></tr>
 *   <tr><td>{@link dev.acf.api.a2a.TaskArtifactUpdateEvent}</td><td>no discriminator</td>
 *       <td>{@code "kind": "artifact-update"}</td></tr>
 *   <tr><td>{@link dev.acf.api.a2a.StreamResponse}, {@link dev.acf.api.a2a.SendMessageResponse}</td>
 *       <td>{@code {"task"|"message"|"statusUpdate"|"artifactUpdate": ...}}</td><td>the event itself</td></tr>
 *   <tr><td>{@link dev.acf.api.a2a.SendMessageConfiguration}</td>
 *       <td>{@code returnImmediately}, {@code taskPushNotificationConfig} (flat)</td>
 *       <td>{@code blocking} (its negation, always written), {@code pushNotificationConfig}
 *       ({@code id, url, token, authentication}); with neither flag the call waits</td></tr>
 *   <tr><td>{@link dev.acf.api.a2a.TaskPushNotificationConfig}</td>
 *       <td>{@code {tenant, id, taskId, url, token, authentication: {scheme, credentials}}}</td>
 *       <td>{@code {taskId, pushNotificationConfig: {id, url, token, authentication: {schemes: [..],
 *       credentials}}}}; the first scheme is kept</td></tr>
 *   <tr><td>{@link dev.acf.api.a2a.AgentCard#supportedInterfaces()}</td>
 *       <td>{@code supportedInterfaces[{url, protocolBinding, tenant, protocolVersion}]}</td>
 *       <td>{@code url} + {@code preferredTransport} + {@code protocolVersion} (the first interface),
 *       {@code additionalInterfaces[{url, transport}]} (the others; repeats of the first dropped);
 *       written from the interfaces speaking 0.3, or all when none does</td></tr>
 *   <tr><td>{@link dev.acf.api.a2a.AgentCapabilities#extendedAgentCard()}</td>
 *       <td>{@code capabilities.extendedAgentCard}</td><td>{@code supportsAuthenticatedExtendedCard}
 *       on the card; {@code capabilities.stateTransitionHistory} is dropped</td></tr>
 *   <tr><td>{@link dev.acf.api.a2a.SecurityRequirement}</td><td>{@code securityRequirements:
 *       [{"schemes": {"s": {"list": [..]}}}]}</td><td>{@code security: [{"s": [..]}]}</td></tr>
 *   <tr><td>{@link dev.acf.api.a2a.AgentCard#securitySchemes()}</td>
 *       <td>{@code {"httpAuthSecurityScheme": {...}}} (kept as a tree)</td>
 *       <td>{@code {"type": "http", ...}}; API keys' {@code in} is {@code location}; device-code
 *       flows and {@code pkceRequired} are dropped</td></tr>
 *   <tr><td>{@code tenant} fields</td><td>written</td><td>not written (v0.3 has no tenants)</td></tr>
 * </table>
 */
@NullMarked
package dev.acf.api.a2a;

import org.jspecify.annotations.NullMarked;
