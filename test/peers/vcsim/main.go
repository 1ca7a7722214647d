// Command vcsim is Patchline's vCenter simulator for the integration suite and the benchmark.
//
// Debian 12 ships govmomi 0.24.2's simulator as a library (golang-github-vmware-govmomi-dev) but
// not upstream's vcsim command, so this small main wraps the library. Built in GOPATH mode by
// test/peers/setup.d/30-vcsim.sh.
//
// Flags:
//
//	-l 127.0.0.1:18989        listen address
//	-username/-password       the only credentials SOAP Login accepts (empty: any)
//	-vm N                     VMs per resource pool (the default model has two pools: 2N VMs)
//	-template A,B             power off and mark these VMs as templates before serving
//	-guest-id/-guest-name     guest identity stamped on every VM (as VMware Tools would report)
//	-E FILE                   write "url pid" to FILE once serving (the ready signal)
//	-trace                    dump SOAP traffic to stderr
//
// The vAPI REST endpoint (/rest: session, tagging) is served too; in 0.24.2 its session
// accepts any basic-auth credentials.
package main

import (
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/find"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"

	// Registers the vAPI REST endpoints (/rest: session, tagging) when RegisterEndpoints is set.
	_ "github.com/vmware/govmomi/vapi/simulator"
)

func main() {
	model := simulator.VPX()
	flag.IntVar(&model.Machine, "vm", model.Machine, "VMs per resource pool")
	flag.IntVar(&model.ClusterHost, "host", model.ClusterHost, "hosts per cluster")
	listen := flag.String("l", "127.0.0.1:18989", "listen address")
	user := flag.String("username", "", "accepted login user (empty: any)")
	pass := flag.String("password", "", "accepted login password (empty: any)")
	templates := flag.String("template", "", "comma-separated VM names to mark as templates")
	guestID := flag.String("guest-id", "", "guest OS id stamped on every VM, e.g. debian10_64Guest")
	guestName := flag.String("guest-name", "", "guest full name stamped on every VM")
	readyFile := flag.String("E", "", "write the URL and pid here once serving")
	flag.BoolVar(&simulator.Trace, "trace", false, "trace SOAP to stderr")
	flag.Parse()

	if err := model.Create(); err != nil {
		log.Fatal(err)
	}
	if *guestID != "" || *guestName != "" {
		stampGuests(*guestID, *guestName)
	}
	u := &url.URL{Host: *listen}
	if *user != "" {
		u.User = url.UserPassword(*user, *pass)
	}
	model.Service.Listen = u
	model.Service.RegisterEndpoints = true
	model.Service.TLS = new(tls.Config)
	s := model.Service.NewServer()

	if *templates != "" {
		if err := markTemplates(s.URL, strings.Split(*templates, ",")); err != nil {
			log.Fatal(err)
		}
	}
	line := fmt.Sprintf("%s %d\n", s.URL.Host, os.Getpid())
	if *readyFile == "" {
		fmt.Print(line)
	} else if err := os.WriteFile(*readyFile, []byte(line), 0o644); err != nil {
		log.Fatal(err)
	}

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	<-sig
	s.Close()
	model.Remove()
}

// stampGuests fills the guest identity VMware Tools would report, with a host name and an IP
// derived from each VM's managed object id so every run is the same.
func stampGuests(id, name string) {
	for i, e := range simulator.Map.All("VirtualMachine") {
		vm := e.(*simulator.VirtualMachine)
		if id != "" {
			vm.Config.GuestId = id
			vm.Guest.GuestId = id
			vm.Summary.Guest.GuestId = id
		}
		if name != "" {
			vm.Config.GuestFullName = name
			vm.Guest.GuestFullName = name
			vm.Summary.Guest.GuestFullName = name
		}
		vm.Guest.GuestFamily = string(types.VirtualMachineGuestOsFamilyLinuxGuest)
		host := strings.ToLower(strings.ReplaceAll(vm.Name, "_", "-"))
		ip := fmt.Sprintf("10.%d.%d.%d", 10+i/65536%200, i/256%256, i%256)
		vm.Guest.HostName = host
		vm.Guest.IpAddress = ip
		vm.Summary.Guest.HostName = host
		vm.Summary.Guest.IpAddress = ip
		vm.Guest.ToolsRunningStatus = string(types.VirtualMachineToolsRunningStatusGuestToolsRunning)
		vm.Guest.ToolsStatus = types.VirtualMachineToolsStatusToolsOk
		if len(vm.Guest.Net) > 0 {
			vm.Guest.Net[0].IpAddress = []string{ip}
		}
	}
}

// markTemplates logs in like an administrator and turns the named VMs into templates.
func markTemplates(u *url.URL, names []string) error {
	ctx := context.Background()
	c, err := govmomi.NewClient(ctx, u, true)
	if err != nil {
		return err
	}
	defer c.Logout(ctx)
	finder := find.NewFinder(c.Client, false)
	for _, name := range names {
		vm, err := finder.VirtualMachine(ctx, "/*/vm/"+strings.TrimSpace(name))
		if err != nil {
			return fmt.Errorf("template %q: %v", name, err)
		}
		if task, err := vm.PowerOff(ctx); err == nil {
			_ = task.Wait(ctx)
		}
		if err := vm.MarkAsTemplate(ctx); err != nil {
			return fmt.Errorf("template %q: %v", name, err)
		}
	}
	return nil
}
