namespace PeakShop.Unit.Tests.Deploy;

/// <summary>
/// No cluster runs here, so the Kubernetes manifests are checked by reading them: the repository's own
/// must be consistent, and each kind of broken reference, made by editing a copy in memory, must be reported.
/// </summary>
public sealed class ManifestCheckerTests
{
    private const string Folder = "deploy/k8s";

    private static readonly DeployFacts Facts = DeployFacts.FromRepository();

    [Fact]
    public void Check_FindsNoProblemGivenTheRepositoryManifests()
    {
        var manifests = KubernetesManifests.Parse(RepositoryFiles.YamlFilesUnder(Folder));

        Assert.Empty(new ManifestChecker(manifests, Facts).Check());
    }

    [Fact]
    public void Parse_ReadsEveryFileGivenTheRepositoryManifests()
    {
        var files = RepositoryFiles.YamlFilesUnder(Folder);
        var manifests = KubernetesManifests.Parse(files);

        Assert.Empty(manifests.ParseProblems);
        Assert.All(files.Keys, source => Assert.Contains(manifests.Documents, d => d.Source == source));
        Assert.All(manifests.Documents.Where(d => d.Kind != "Kustomization"), d => Assert.NotEqual("", d.Name));
    }

    [Fact]
    public void Manifests_DescribeTheScaleOutTopology()
    {
        var manifests = KubernetesManifests.Parse(RepositoryFiles.YamlFilesUnder(Folder));

        var database = Assert.Single(manifests.OfKind("Cluster"));
        Assert.Equal("postgresql.cnpg.io/v1", database.Root.Text("apiVersion"));
        Assert.Equal("2", database.Root.Text("spec", "instances"));
        var hpa = Assert.Single(manifests.OfKind("HorizontalPodAutoscaler"));
        Assert.True(int.Parse(hpa.Root.Text("spec", "minReplicas")!, System.Globalization.CultureInfo.InvariantCulture) >= 2);
        var redis = Assert.Single(manifests.PodsOf("redis"));
        Assert.Equal("StatefulSet", redis.Owner.Kind);
        Assert.Contains("--appendonly", redis.Containers.SelectMany(c => c.Items("args")).Select(a => a.ToString()));
        Assert.NotNull(redis.Owner.Root.At("spec", "volumeClaimTemplates"));
        var migrate = Assert.Single(manifests.PodsOf("migrate"));
        Assert.Equal("Job", migrate.Owner.Kind);
        Assert.Equal("metadata.name", manifests.PodsOf("web").Single().Containers.Single().Items("env")
            .Single(e => e.Text("name") == "Replica__Name").Text("valueFrom", "fieldRef", "fieldPath"));
    }

    [Fact]
    public void Facts_ComeFromTheAppAndTheEntrypoint()
    {
        Assert.Equal(["/healthz/live", "/healthz/ready"], Facts.HealthPaths);
        Assert.Equal(["web", "jobs", "migrate", "seed", "healthcheck"], Facts.EntrypointCommands);
        Assert.Contains("USER $APP_UID", RepositoryFiles.Read("Dockerfile"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app/web.yaml", "    app.kubernetes.io/component: web\n  ports:", "    app.kubernetes.io/component: wbe\n  ports:", "matches the labels of no pod template")]
    [InlineData("app/web.yaml", "targetPort: http", "targetPort: https", "targetPort https is not a container port")]
    [InlineData("app/web.yaml", "path: /healthz/ready", "path: /health/ready", "path /health/ready is not a health endpoint")]
    [InlineData("app/web.yaml", "              port: management\n            periodSeconds: 2", "              port: 8081\n            periodSeconds: 2", "startupProbe probe port 8081")]
    [InlineData("app/web.yaml", "              port: management\n            periodSeconds: 5", "              port: http\n            periodSeconds: 5", "readinessProbe uses port http, not the management port")]
    [InlineData("platform/config.yaml", "  AllowedHosts: shop.example.com", "  AllowedHosts: \"*\"", "AllowedHosts must name the shop's hosts")]
    [InlineData("platform/config.yaml", "  AllowedHosts: shop.example.com", "  AllowedHosts: www.example.com", "AllowedHosts does not list shop.example.com")]
    [InlineData("platform/config.yaml", "  Shop__PublicBaseUrl: https://shop.example.com", "  Shop__PublicBaseUrl: shop.example.com", "Shop__PublicBaseUrl 'shop.example.com' is not an absolute")]
    [InlineData("platform/config.yaml", "  Shop__PublicBaseUrl: https://shop.example.com\n", "", "Shop__PublicBaseUrl '' is not an absolute")]
    [InlineData("app/web.yaml", "              value: \"9090\"", "              value: \"9091\"", "Management__Port '9091' is not a port of the container")]
    [InlineData("app/web.yaml", "        prometheus.io/port: \"9090\"", "        prometheus.io/port: \"8080\"", "prometheus.io/port must be the management port 9090")]
    [InlineData("app/web.yaml", "      targetPort: http\n---\n# The same pods again", "      targetPort: management\n---\n# The same pods again", "exposes the management port management")]
    [InlineData("app/web.yaml", "              path: /healthz/ready", "              path: /healthz/live", "readinessProbe must ask /healthz/ready")]
    [InlineData("app/ingress.yaml", "                name: peakshop-web-blazor", "                name: peakshop-web-blazer", "backend names no Service peakshop-web-blazer")]
    [InlineData("app/ingress.yaml", "                  name: http", "                  name: https", "has no port https")]
    [InlineData("app/ingress.yaml", "path: /_blazor", "path: /admin", "only /_blazor may be pinned")]
    [InlineData("app/ingress.yaml", "                name: peakshop-web-blazor", "                name: peakshop-web", "backs both pinned and round-robin paths")]
    [InlineData("app/ingress.yaml", "    nginx.ingress.kubernetes.io/affinity: cookie\n", "", "routes /_blazor without cookie affinity")]
    [InlineData("app/web.yaml", "    name: peakshop-web\n  minReplicas: 2", "    name: peakshop-webb\n  minReplicas: 2", "scaleTargetRef Deployment/peakshop-webb does not exist")]
    [InlineData("app/web.yaml", "  minReplicas: 2", "  minReplicas: 1", "minReplicas must be at least 2")]
    [InlineData("app/web.yaml", "  revisionHistoryLimit: 5\n  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 25%", "  replicas: 3\n  revisionHistoryLimit: 5\n  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 25%", "sets spec.replicas although")]
    [InlineData("app/web.yaml", "  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: peakshop\n      app.kubernetes.io/component: web", "  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: peakshop\n      app.kubernetes.io/component: store", "PodDisruptionBudget/peakshop-web: selector matches no pod template")]
    [InlineData("app/jobs.yaml", "name: peakshop-config", "name: peakshop-settings", "envFrom names no ConfigMap peakshop-settings")]
    [InlineData("app/jobs.yaml", "key: smtp-password", "key: smtp-pass", "for a key smtp-pass it does not have")]
    [InlineData("app/web.yaml", "name: peakshop-db-app", "name: peakshop-database-app", "names no Secret peakshop-database-app")]
    [InlineData("app/web.yaml", "Password=$(DB_PASSWORD)", "Password=$(DB_PASS)", "expands $(DB_PASS)")]
    [InlineData("app/jobs.yaml", "image: peakshop", "image: peakshop-jobs", "image peakshop-jobs")]
    [InlineData("app/jobs.yaml", "args: [\"jobs\"]", "args: [\"worker\"]", "args start with worker, not a command of entrypoint.sh")]
    [InlineData("app/jobs.yaml", "args: [\"jobs\"]", "args: [\"web\"]", "runs web but is labelled the jobs component")]
    [InlineData("migrate/migrate-job.yaml", "            limits:\n              cpu: \"1\"\n              memory: 512Mi\n", "", "no resources.limits.cpu")]
    [InlineData("app/web.yaml", "        runAsUser: 1654", "        runAsUser: 0", "runAsUser 0 is not the image's $APP_UID")]
    [InlineData("app/web.yaml", "              mountPath: /tmp", "              mountPath: /scratch", "read-only root without an emptyDir on /tmp")]
    [InlineData("app/web.yaml", "terminationGracePeriodSeconds: 45", "terminationGracePeriodSeconds: 20", "terminationGracePeriodSeconds 20 is less than preStop 10 s + shutdown timeout 30 s")]
    [InlineData("app/web.yaml", "                command: [\"sleep\", \"10\"]", "                command: [\"true\"]", "no preStop sleep")]
    [InlineData("app/web.yaml", "Host=peakshop-db-rw:5432,peakshop-db-ro:5432", "Host=peakshop-db-ro:5432,peakshop-db-rw:5432", "must list the primary (<cluster>-rw) first")]
    [InlineData("app/web.yaml", "value: peakshop-redis:6379", "value: redis:6379", "ConnectionStrings__Redis host redis is no Service")]
    [InlineData("app/kustomization.yaml", "  - ingress.yaml\n", "", "app/ingress.yaml: not listed in any kustomization.yaml")]
    [InlineData("app/kustomization.yaml", "  - ingress.yaml\n", "  - ingress.yaml\n  - hpa.yaml\n", "resource hpa.yaml does not exist")]
    [InlineData("migrate/kustomization.yaml", "newTag: \"0.1.0\"", "newTag: \"0.2.0\"", "pin different peakshop images")]
    [InlineData("platform/namespace.yaml", "apiVersion: v1\nkind: Namespace", "kind: Namespace", "Namespace/peakshop: no apiVersion")]
    [InlineData("platform/namespace.yaml", "kind: Namespace\n", "", "/peakshop: no kind")]
    [InlineData("platform/namespace.yaml", "metadata:\n  name: peakshop\n", "metadata:\n", "Namespace/: no metadata.name")]
    [InlineData("app/jobs.yaml", "  name: peakshop-jobs\n  labels:", "  name: peakshop-web\n  labels:", "Deployment/peakshop-web is defined 2 times")]
    [InlineData("platform/config.yaml", "  Smtp__Port: \"587\"", "  Smtp__Port: [587", "does not parse")]
    [InlineData("platform/secret.yaml", "redis-password: REPLACE_ME-redis-password", "redis-password: hunter2", "redis-password holds a value")]
    public void Check_ReportsTheBrokenReferenceGivenAnEditedManifest(string file, string find, string replace, string expected)
    {
        var files = new Dictionary<string, string>(RepositoryFiles.YamlFilesUnder(Folder));
        Assert.Contains(find, files[file], StringComparison.Ordinal);
        files[file] = files[file].Replace(find, replace, StringComparison.Ordinal);

        var problems = new ManifestChecker(KubernetesManifests.Parse(files), Facts).Check();

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Check_ReportsAServiceGivenOneSelectsTheJobsWorker()
    {
        var files = new Dictionary<string, string>(RepositoryFiles.YamlFilesUnder(Folder));
        files["app/jobs.yaml"] += """
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: peakshop-jobs
            spec:
              selector:
                app.kubernetes.io/component: jobs
              ports:
                - port: 80
            """;

        var problems = new ManifestChecker(KubernetesManifests.Parse(files), Facts).Check();

        Assert.Contains(problems, p => p.Contains("Service/peakshop-jobs: selects", StringComparison.Ordinal) && p.Contains("serves no traffic", StringComparison.Ordinal));
    }
}
