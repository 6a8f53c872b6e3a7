//go:build linux

package emulator

import "syscall"

// procAttr puts the emulator in its own process group (so Stop can kill the
// JVM with any wrapper) and kills it if this process dies first.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

func (e *Emulator) kill() {
	if e.cmd == nil || e.cmd.Process == nil {
		return
	}
	_ = syscall.Kill(-e.cmd.Process.Pid, syscall.SIGKILL)
}
