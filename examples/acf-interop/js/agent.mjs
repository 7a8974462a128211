// An agent built with the official A2A JavaScript SDK, joining ACF as an agent in another
// language does: it prints the card it will serve, waits while the caller registers it in ANS
// (which writes its key.pem, cert.pem and ca.pem), then serves A2A JSON-RPC over HTTPS with that
// certificate, accepting only clients of the same ANS CA (the gateway).
//   node agent.mjs <v1|v03> <port> <identity dir>
// Prints `CARD <json>`, reads one line from stdin, then prints `LISTENING <url>`.
// Each message gets a task: submitted, working, an artifact, then completed with an echo.
import { createServer } from 'node:https';
import { createInterface } from 'node:readline';
import express from 'express';
import { tlsOptions } from './tls.mjs';

const [line, port, identityDir] = process.argv.slice(2);
const endpoint = `https://127.0.0.1:${port}/a2a`;
const skills = [{ id: 'echo', name: 'Echo', description: 'Echoes what it is told.', tags: ['interop'] }];
const base = {
  name: 'jsagent',
  description: `Echoes messages; built with the A2A JavaScript SDK ${line}.`,
  version: '1.0.0',
  capabilities: { streaming: true },
  defaultInputModes: ['text/plain'],
  defaultOutputModes: ['text/plain'],
  skills,
};
const app = express();
let card;

if (line === 'v1') {
  const sdk = await import('a2a-v1');
  const { DefaultRequestHandler, InMemoryTaskStore } = await import('a2a-v1/server');
  const { jsonRpcHandler, agentCardHandler, UserBuilder } = await import('a2a-v1/server/express');
  card = { ...base, supportedInterfaces: [{ url: endpoint, protocolBinding: 'JSONRPC', protocolVersion: '1.0' }] };
  const textOf = (message) => message.parts.map((p) => (p.content?.$case === 'text' ? p.content.value : '')).join('');
  const executor = {
    async execute(ctx, bus) {
      const ids = { taskId: ctx.taskId, contextId: ctx.contextId };
      const agentSays = (words) => ({ messageId: crypto.randomUUID(), role: 'ROLE_AGENT', parts: [{ text: words }], ...ids });
      bus.publish({ kind: 'task', data: sdk.Task.fromJSON({ id: ctx.taskId, contextId: ctx.contextId,
        status: { state: 'TASK_STATE_SUBMITTED' }, history: [sdk.Message.toJSON(ctx.userMessage)] }) });
      bus.publish({ kind: 'statusUpdate', data: sdk.TaskStatusUpdateEvent.fromJSON({ ...ids,
        status: { state: 'TASK_STATE_WORKING', message: agentSays('thinking') } }) });
      bus.publish({ kind: 'artifactUpdate', data: sdk.TaskArtifactUpdateEvent.fromJSON({ ...ids,
        artifact: { artifactId: 'answer', name: 'answer', parts: [{ text: '42' }] }, lastChunk: true }) });
      bus.publish({ kind: 'statusUpdate', data: sdk.TaskStatusUpdateEvent.fromJSON({ ...ids,
        status: { state: 'TASK_STATE_COMPLETED', message: agentSays(`js echo: ${textOf(ctx.userMessage)}`) } }) });
      bus.finished();
    },
    async cancelTask() {},
  };
  const handler = new DefaultRequestHandler(sdk.AgentCard.fromJSON(card), new InMemoryTaskStore(), executor);
  app.use('/a2a', jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }));
  app.use('/.well-known/agent-card.json', agentCardHandler({ agentCardProvider: handler }));
} else if (line === 'v03') {
  const { DefaultRequestHandler, InMemoryTaskStore } = await import('a2a-v03/server');
  const { jsonRpcHandler, agentCardHandler, UserBuilder } = await import('a2a-v03/server/express');
  card = { ...base, url: endpoint, protocolVersion: '0.3.0', preferredTransport: 'JSONRPC' };
  const textOf = (message) => message.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');
  const executor = {
    async execute(ctx, bus) {
      const ids = { taskId: ctx.taskId, contextId: ctx.contextId };
      const agentSays = (words) => ({ kind: 'message', messageId: crypto.randomUUID(), role: 'agent', parts: [{ kind: 'text', text: words }], ...ids });
      bus.publish({ kind: 'task', id: ctx.taskId, contextId: ctx.contextId, status: { state: 'submitted' }, history: [ctx.userMessage] });
      bus.publish({ kind: 'status-update', ...ids, status: { state: 'working', message: agentSays('thinking') }, final: false });
      bus.publish({ kind: 'artifact-update', ...ids, artifact: { artifactId: 'answer', name: 'answer', parts: [{ kind: 'text', text: '42' }] }, lastChunk: true });
      bus.publish({ kind: 'status-update', ...ids, status: { state: 'completed', message: agentSays(`js echo: ${textOf(ctx.userMessage)}`) }, final: true });
      bus.finished();
    },
    async cancelTask() {},
  };
  const handler = new DefaultRequestHandler(card, new InMemoryTaskStore(), executor);
  app.use('/a2a', jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }));
  app.use('/.well-known/agent-card.json', agentCardHandler({ agentCardProvider: handler }));
} else {
  throw new Error(`unknown SDK line '${line}': v1 or v03`);
}

console.log(`CARD ${JSON.stringify(card)}`);
const stdin = createInterface({ input: process.stdin });
await new Promise((resolve) => stdin.once('line', resolve));
const server = createServer({ ...tlsOptions(identityDir), requestCert: true, rejectUnauthorized: true }, app);
server.listen(Number(port), '127.0.0.1', () => console.log(`LISTENING ${endpoint}`));
// The test ends the agent by closing its standard input (or killing it).
stdin.on('close', () => server.close(() => process.exit(0)));
