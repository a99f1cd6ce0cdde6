// Command pulumi-language-nodejs here is a STAND-IN for Pulumi's Node.js language host.
//
// Why it exists: Pulumi's real host is the Go module
// github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3, which Pulumi never tags and which the
// module proxy reachable from this project's machines does not serve at any version. Without a Node.js language
// host the real CLI can run neither a TypeScript program nor a Node policy pack.
//
// What it does: exactly the part of the host's contract the CLI relies on for this project, written from the
// documented protocol (pulumirpc.LanguageRuntime): it starts `@pulumi/pulumi/cmd/run` for a program,
// `@pulumi/pulumi/cmd/run-policy-pack` for a policy pack and `@pulumi/pulumi/cmd/run-plugin` for a component
// provider, with the same arguments and environment variables the Node SDK reads. It installs nothing
// (npm ci does that), reports no dependencies, and does not generate code. Everything else (the engine, state,
// secrets, protect, policy enforcement, the Node SDK, the pack) is real.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// standInVersion is reported to the engine; "+standin" makes the stand-in visible in `pulumi about` and logs.
const standInVersion = "0.0.0+standin"

type standInHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
}

func main() {
	engineAddress := ""
	for _, arg := range os.Args[1:] {
		if !strings.HasPrefix(arg, "-") {
			engineAddress = arg
			break
		}
	}
	cancel := make(chan bool)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, &standInHost{engineAddress: engineAddress})
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "stand-in language host: %v\n", err)
		os.Exit(1)
	}
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "stand-in language host: %v\n", err)
		os.Exit(1)
	}
}

func (h *standInHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: standInVersion}, nil
}

// GetRequiredPackages reports none: plugins are found on PATH when resources register.
func (h *standInHost) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *standInHost) GetProgramDependencies(
	context.Context, *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

func (h *standInHost) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	return &pulumirpc.AboutResponse{Executable: "node", Metadata: map[string]string{"standIn": "true"}}, nil
}

// InstallDependencies installs nothing: the project's npm ci already has.
func (h *standInHost) InstallDependencies(
	*pulumirpc.InstallDependenciesRequest, grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	return nil
}

// nodeEnvFromOptions turns Pulumi.yaml runtime options into the variables @pulumi/pulumi/cmd/run reads.
// TypeScript is on unless the project turns it off, as with Pulumi's host.
func nodeEnvFromOptions(info *pulumirpc.ProgramInfo) ([]string, error) {
	options := map[string]any{}
	if info != nil && info.Options != nil {
		options = info.Options.AsMap()
	}
	typescript := true
	if value, ok := options["typescript"]; ok {
		flag, isBool := value.(bool)
		if !isBool {
			return nil, errors.New("runtime option typescript must be a boolean")
		}
		typescript = flag
	}
	env := []string{}
	if typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if tsconfig, ok := options["tsconfig"].(string); ok && tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}
	return env, nil
}

// resolveFrom finds a module as Node would from dir, so the program's own @pulumi/pulumi is used.
func resolveFrom(dir, module string) (string, error) {
	script := fmt.Sprintf("process.stdout.write(require.resolve(%q, { paths: [process.cwd()] }))", module)
	cmd := exec.Command("node", "-e", script)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("cannot find %s from %s (is npm ci done there?): %w", module, dir, err)
	}
	return string(out), nil
}

// legacyConfigJSON is PULUMI_CONFIG as the Node SDK reads it: keys "<namespace>:config:<name>".
func legacyConfigJSON(values map[string]string) (string, error) {
	legacy := make(map[string]string, len(values))
	for key, value := range values {
		parsed, err := config.ParseKey(key)
		if err != nil {
			return "", err
		}
		legacy[parsed.Namespace()+":config:"+parsed.Name()] = value
	}
	out, err := json.Marshal(legacy)
	return string(out), err
}

func (h *standInHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	runModule, err := resolveFrom(info.GetProgramDirectory(), "@pulumi/pulumi/cmd/run")
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	args := []string{runModule}
	flag := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	flag("monitor", req.GetMonitorAddress())
	flag("engine", h.engineAddress)
	flag("organization", req.GetOrganization())
	flag("project", req.GetProject())
	flag("root-directory", info.GetRootDirectory())
	flag("stack", req.GetStack())
	flag("pwd", info.GetProgramDirectory())
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	flag("parallel", strconv.Itoa(int(req.GetParallel())))
	args = append(args, info.GetEntryPoint())
	args = append(args, req.GetArgs()...)

	configJSON, err := legacyConfigJSON(req.GetConfig())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	secretKeys, err := json.Marshal(append([]string{}, req.GetConfigSecretKeys()...))
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	optionEnv, err := nodeEnvFromOptions(info)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = info.GetProgramDirectory()
	cmd.Env = append(os.Environ(), "PULUMI_CONFIG="+configJSON, "PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys))
	cmd.Env = append(cmd.Env, optionEnv...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			// 32: the Node SDK already showed the user an actionable message.
			if exit.ExitCode() == 32 {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exit.ExitCode())}, nil
		}
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// RunPlugin starts a policy pack (kind "analyzer") or a component provider written in TypeScript.
func (h *standInHost) RunPlugin(
	req *pulumirpc.RunPluginRequest, server grpc.ServerStreamingServer[pulumirpc.RunPluginResponse],
) error {
	ctx := server.Context()
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	info := req.GetInfo()
	isPolicyPack := req.GetKind() == "analyzer"
	module := "@pulumi/pulumi/cmd/run-plugin"
	if isPolicyPack {
		module = "@pulumi/pulumi/cmd/run-policy-pack"
	}
	runModule, err := resolveFrom(info.GetProgramDirectory(), module)
	if err != nil {
		return err
	}
	env, err := nodeEnvFromOptions(info)
	if err != nil {
		return err
	}
	env = append(append([]string{}, req.GetEnv()...), env...)

	args := []string{runModule}
	if isPolicyPack {
		// A policy pack takes the engine address first and its own directory last.
		args = append(append(args, req.GetArgs()...), info.GetProgramDirectory())
	} else {
		args = append(append(args, info.GetProgramDirectory()), req.GetArgs()...)
	}

	// Policy packs learn the stack (organization, project, stack, dry run, config) through Pulumi's own
	// proxy, which answers the engine's Handshake and ConfigureStack before the pack starts.
	var proxy *sdk.PolicyProxy
	if isPolicyPack {
		proxy, stdout, err = sdk.NewPolicyProxy(ctx, stdout)
		if err != nil {
			return fmt.Errorf("policy proxy: %w", err)
		}
		stack, err := proxy.AwaitConfiguration(ctx)
		if err != nil {
			return fmt.Errorf("stack configuration: %w", err)
		}
		if stack != nil {
			set := func(key, value string) {
				if value != "" {
					env = append(env, key+"="+value)
				}
			}
			set("PULUMI_NODEJS_ORGANIZATION", stack.Organization)
			set("PULUMI_NODEJS_PROJECT", stack.Project)
			set("PULUMI_NODEJS_STACK", stack.Stack)
			set("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(stack.DryRun))
			if stack.Config != nil {
				configJSON, err := json.Marshal(stack.Config)
				if err != nil {
					return err
				}
				set("PULUMI_CONFIG", string(configJSON))
			}
		}
	}

	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = req.GetPwd()
	if isPolicyPack {
		cmd.Dir = info.GetProgramDirectory()
	}
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	if proxy != nil {
		return proxy.Attach(ctx, cmd)
	}
	if err := cmd.Wait(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return fmt.Errorf("plugin exited with non-zero exit code: %d", exit.ExitCode())
		}
		return err
	}
	return closer.Close()
}
