package dev.cascade.node.console.oidc;

import java.util.HashMap;
import java.util.Map;

import dev.cascade.node.testing.NationalNodeResource;

/** A national node whose console logs people in through a {@link FakeOidcProvider} started beside it. */
public class OidcNodeResource extends NationalNodeResource {

    static final String ADMIN_GROUP = "oidc-ops";

    private FakeOidcProvider provider;

    @Override
    public Map<String, String> start() {
        try {
            provider = new FakeOidcProvider();
        } catch (Exception e) {
            throw new IllegalStateException("the fake OpenID provider did not start", e);
        }
        Map<String, String> config = new HashMap<>(super.start());
        config.put("cascade.console.oidc.issuer", provider.issuer());
        config.put("cascade.console.oidc.client-id", FakeOidcProvider.CLIENT_ID);
        config.put("cascade.console.oidc.client-secret", FakeOidcProvider.CLIENT_SECRET);
        config.put("cascade.console.oidc.admin-group", ADMIN_GROUP);
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(provider, new TestInjector.MatchesType(FakeOidcProvider.class));
    }

    @Override
    public void stop() {
        if (provider != null) {
            provider.close();
        }
        super.stop();
    }
}
