using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RotatingApp;
using SecretProjection.Extensions.Configuration;

// The Secret's volume is mounted at /etc/secrets unless told otherwise (--SecretsDirectory DIR).
var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddSecretVolume(builder.Configuration["SecretsDirectory"] ?? "/etc/secrets");
builder.Services.Configure<DatabaseOptions>(builder.Configuration.GetSection(DatabaseOptions.Section));
builder.Services.AddHostedService<ConnectionReporter>();
await builder.Build().RunAsync();
