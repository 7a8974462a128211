package dev.acf.ans.sync;

import dev.acf.ans.AnsServer;
import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.ans.register.RegistrationRequest;
import dev.acf.ans.register.RegistrationResult;
import dev.acf.api.a2a.AgentCapabilities;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.AgentInterface;
import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.name.AgentName;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** ANS servers and agents for the federation tests: real servers on loopback ports, lexical resolution only. */
final class SyncFixture {
    static final String BOOTSTRAP = "sync-bootstrap-token-0001";
    static final String ADMIN = "sync-admin-token-000000001";

    private SyncFixture() {}

    /** Returns a builder of an ANS for a domain with the test tokens, no embedding model and no content inspection. */
    static AnsServer.Builder ans(String domain, Path data) {
        return AnsServer.builder()
                .domain(domain)
                .dataDirectory(data)
                .bootstrapToken(BOOTSTRAP, BootstrapTokens.Use.REUSABLE)
                .adminToken(ADMIN)
                .embedderProvider("none")
                .contentInspection(false);
    }

    /** Registers an agent whose one skill has these tags; returns its record. */
    static AgentRecord register(AnsServer ans, String name, String description, String... tags) {
        AgentName agent = AgentName.parse(name);
        String url = "https://" + agent.agentLabel() + ".agents.internal:9443/a2a";
        AgentCard card = AgentCard.builder(agent.agentLabel(), description, String.valueOf(agent.version()))
                .supportedInterfaces(List.of(new AgentInterface(url, Endpoint.JSONRPC, null, "1.0")))
                .capabilities(AgentCapabilities.none())
                .defaultInputModes(List.of("text/plain"))
                .defaultOutputModes(List.of("application/json"))
                .skills(List.of(AgentSkill.builder(agent.agentLabel() + "-skill", agent.agentLabel(), description).tags(List.of(tags)).build()))
                .build();
        RegistrationRequest request = new RegistrationRequest(agent, card, List.of(Endpoint.of(url, Endpoint.JSONRPC)), csr(agent));
        return ((RegistrationResult.Registered) ans.service().register(request, BOOTSTRAP)).agent();
    }

    private static String csr(AgentName name) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair key = generator.generateKeyPair();
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.uniformResourceIdentifier, name.toString()),
                new GeneralName(GeneralName.dNSName, name.fqdn())}));
            var csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + name.fqdn()), key.getPublic())
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(csr);
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }
}
