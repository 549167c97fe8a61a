package dev.videopipeline.infra.aws.network;

import dev.videopipeline.infra.aws.config.StageConfig;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;
import java.util.Map;
import java.util.LinkedHashMap;

/**
 * The VPC: two AZs, public subnets for the ALB and the NAT gateway, private subnets for the receiver
 * and mailer, and isolated subnets for the encoders. S3 and DynamoDB are reached through free
 * gateway endpoints from every subnet, so video bytes (the bulk of the traffic) never pay NAT's
 * per-GB charge. The encoders, which open untrusted files, have no route out at all: interface
 * endpoints in their subnets give them SQS, ECR and CloudWatch Logs, and nothing an upload names can
 * be reached from them (docs/deploy.md has why, and the cost). With private DNS those endpoints
 * answer for the whole VPC, so the receiver and mailer use them too; NAT carries the rest of their
 * calls (SES, Cognito's signing keys).
 */
public class Network extends Construct {

    private final Vpc vpc;

    public Network(Construct scope, String id, StageConfig config) {
        super(scope, id);
        var flowLogs = LogGroup.Builder.create(this, "FlowLogs")
                .retention(RetentionDays.TWO_WEEKS)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Map<String, FlowLogOptions> flowLogOptions = new LinkedHashMap<>();
        flowLogOptions.put("Rejected", FlowLogOptions.builder()
                // Rejected traffic only: what a security review asks about, at a fraction of the volume.
                .trafficType(FlowLogTrafficType.REJECT)
                .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                .build());
        Map<String, GatewayVpcEndpointOptions> gateways = new LinkedHashMap<>();
        gateways.put("S3", GatewayVpcEndpointOptions.builder().service(GatewayVpcEndpointAwsService.S3).build());
        gateways.put("DynamoDb", GatewayVpcEndpointOptions.builder().service(GatewayVpcEndpointAwsService.DYNAMODB).build());

        this.vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr("10.40.0.0/16"))
                .maxAzs(2)
                .natGateways(config.natGateways())
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
                        SubnetConfiguration.builder().name("tasks").subnetType(SubnetType.PRIVATE_WITH_EGRESS).cidrMask(20).build(),
                        SubnetConfiguration.builder().name("encoders").subnetType(SubnetType.PRIVATE_ISOLATED).cidrMask(20).build()))
                .gatewayEndpoints(gateways)
                .flowLogs(flowLogOptions)
                .build();
        // What an encoder calls besides S3 and DynamoDB; each endpoint admits HTTPS from the VPC only.
        Map<String, InterfaceVpcEndpointAwsService> interfaces = new LinkedHashMap<>();
        interfaces.put("Sqs", InterfaceVpcEndpointAwsService.SQS);
        interfaces.put("EcrApi", InterfaceVpcEndpointAwsService.ECR);
        interfaces.put("EcrImages", InterfaceVpcEndpointAwsService.ECR_DOCKER);
        interfaces.put("Logs", InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS);
        interfaces.forEach((name, service) -> vpc.addInterfaceEndpoint(name, InterfaceVpcEndpointOptions.builder()
                .service(service)
                .subnets(isolatedSubnets())
                .privateDnsEnabled(true)
                .build()));
    }

    /** Where the encoders run: no route to the internet, only to the VPC's endpoints. */
    public SubnetSelection isolatedSubnets() {
        return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
    }

    public IVpc vpc() {
        return vpc;
    }

    /** Where the receiver and mailer run: no public addresses, out through NAT. */
    public SubnetSelection taskSubnets() {
        return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
    }
}
