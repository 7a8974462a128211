// A client built with the official A2A JavaScript SDK calls an agent through the ACF gateway:
// it reads the agent's card from the gateway, sends a message, then streams another one.
//   node client.mjs <v1|v03> <card URL at the gateway> <identity dir> <gateway ANS name> <text>
// Prints one line per result, `SEND <json>` and `EVENT <json>`, then `DONE`.
import { mtlsFetch } from './tls.mjs';

const [line, cardUrl, identityDir, gatewayName, text] = process.argv.slice(2);
const fetchImpl = mtlsFetch(identityDir, gatewayName);
const print = (tag, value) => console.log(`${tag} ${JSON.stringify(value)}`);

if (line === 'v1') {
  const sdk = await import('a2a-v1');
  const { ClientFactory, ClientFactoryOptions, DefaultAgentCardResolver, JsonRpcTransportFactory } = await import('a2a-v1/client');
  const factory = new ClientFactory(ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
    transports: [new JsonRpcTransportFactory({ fetchImpl })],
    cardResolver: new DefaultAgentCardResolver({ fetchImpl }),
  }));
  const client = await factory.createFromUrl(cardUrl, '');
  const message = (words) => sdk.Message.fromJSON({ messageId: crypto.randomUUID(), role: 'ROLE_USER', parts: [{ text: words }] });
  const result = await client.sendMessage(sdk.SendMessageRequest.fromJSON({ message: sdk.Message.toJSON(message(text)) }));
  print('SEND', 'status' in result ? { task: sdk.Task.toJSON(result) } : { message: sdk.Message.toJSON(result) });
  for await (const event of client.sendMessageStream(sdk.SendMessageRequest.fromJSON({ message: sdk.Message.toJSON(message(`${text} (streamed)`)) }))) {
    print('EVENT', sdk.StreamResponse.toJSON(event));
  }
} else if (line === 'v03') {
  const { ClientFactory, ClientFactoryOptions, DefaultAgentCardResolver, JsonRpcTransportFactory } = await import('a2a-v03/client');
  const factory = new ClientFactory(ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
    transports: [new JsonRpcTransportFactory({ fetchImpl })],
    cardResolver: new DefaultAgentCardResolver({ fetchImpl }),
  }));
  const client = await factory.createFromUrl(cardUrl, '');
  const message = (words) => ({ kind: 'message', messageId: crypto.randomUUID(), role: 'user', parts: [{ kind: 'text', text: words }] });
  print('SEND', await client.sendMessage({ message: message(text) }));
  for await (const event of client.sendMessageStream({ message: message(`${text} (streamed)`) })) {
    print('EVENT', event);
  }
} else {
  throw new Error(`unknown SDK line '${line}': v1 or v03`);
}
console.log('DONE');
