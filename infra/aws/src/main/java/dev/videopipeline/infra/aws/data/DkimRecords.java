package dev.videopipeline.infra.aws.data;

import java.util.List;
import software.amazon.awscdk.services.route53.CfnRecordSet;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.ses.EmailIdentity;
import software.constructs.Construct;

/**
 * The identity's three Easy DKIM CNAME records. Written at L1: SES answers with fully qualified
 * names, which the L2 record would prefix to the zone's name a second time.
 */
class DkimRecords extends Construct {

    DkimRecords(Construct scope, String id, EmailIdentity identity, IHostedZone zone) {
        super(scope, id);
        List<List<String>> tokens = List.of(
                List.of(identity.getDkimDnsTokenName1(), identity.getDkimDnsTokenValue1()),
                List.of(identity.getDkimDnsTokenName2(), identity.getDkimDnsTokenValue2()),
                List.of(identity.getDkimDnsTokenName3(), identity.getDkimDnsTokenValue3()));
        for (int i = 0; i < tokens.size(); i++) {
            CfnRecordSet.Builder.create(this, "Record" + (i + 1))
                    .hostedZoneId(zone.getHostedZoneId())
                    .name(tokens.get(i).get(0))
                    .type("CNAME")
                    .ttl("1800")
                    .resourceRecords(List.of(tokens.get(i).get(1)))
                    .build();
        }
    }
}
