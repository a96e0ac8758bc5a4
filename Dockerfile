# One image for every PeakShop process: `web` (default), `jobs`, `migrate`, `seed`.
# docker build -t peakshop . && docker run --rm -e ConnectionStrings__Shop=... peakshop migrate

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so a code change does not re-download packages.
COPY Directory.Build.props Directory.Packages.props global.json .editorconfig ./
COPY Infrastructure/Infrastructure.csproj Infrastructure/
COPY Jobs/Jobs.csproj Jobs/
COPY Web/Web.csproj Web/
COPY Web.Client/Web.Client.csproj Web.Client/
RUN dotnet restore Web/Web.csproj && dotnet restore Jobs/Jobs.csproj
COPY . .
RUN dotnet publish Web/Web.csproj -c Release --no-restore -o /app/web \
 && dotnet publish Jobs/Jobs.csproj -c Release --no-restore -o /app/jobs

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app/web /app/web
COPY --from=build /app/jobs /app/jobs
COPY --chmod=0755 deploy/docker/entrypoint.sh /app/entrypoint.sh
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_NOLOGO=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 8080
# The base image's non-root user.
USER $APP_UID
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 CMD ["/app/entrypoint.sh", "healthcheck"]
ENTRYPOINT ["/app/entrypoint.sh"]
CMD ["web"]
