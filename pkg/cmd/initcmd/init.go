// Package initcmd implements `zhijian init`: start a project with a configuration file,
// a rulebook that extends the shipped default, and a rulebook test.
package initcmd

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/zhijian-qa/zhijian/pkg/atomicfile"
	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/msg"
)

//go:embed starter
var starter embed.FS

// Files are the files init writes: where they go and the starter each is copied from.
var Files = []struct{ Path, From string }{
	{".zhijian.yaml", "starter/zhijian.yaml"},
	{"zhijian-rules.yaml", "starter/zhijian-rules.yaml"},
	{filepath.Join("zhijian-tests", "no-promise.txt"), "starter/zhijian-tests/no-promise.txt"},
}

// NewCmdInit builds the command.
func NewCmdInit(f *cmdutil.Factory) *cobra.Command {
	var (
		dir   string
		force bool
	)
	cmd := &cobra.Command{
		Use:   "init",
		Short: msg.Sprintf("initcmd.start-project-configuration-rulebook-test"),
		Long: `在当前目录（或 --dir）写入带注释的起步文件：

  .zhijian.yaml                  项目配置 / project configuration
  zhijian-rules.yaml             继承内置 default 的规则手册 / a rulebook extending the shipped default
  zhijian-tests/no-promise.txt   规则手册的测试用例 / a rulebook test

已有的文件不会被覆盖，除非用 --force。之后试试：zhijian config、zhijian rules lint、
zhijian rules test、zhijian check 话术脚本目录/。

Writes commented starter files; existing files are kept unless --force.`,
		Example: `  zhijian init
  zhijian init --dir training-scripts
  zhijian init && zhijian rules test && zhijian check scripts/`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			out := f.IOStreams.Out
			for _, file := range Files {
				dst := filepath.Join(dir, file.Path)
				// Lstat: a link there, even one pointing nowhere, is a file that exists;
				// followed, it made init write outside the directory.
				if fi, err := os.Lstat(dst); err == nil {
					if !force {
						return msg.Errorf("initcmd.exists-nothing-written-force-overwrites", dst)
					}
					if fi.IsDir() {
						return msg.Errorf("initcmd.is-directory-nothing-written", dst)
					}
				}
				if err := writableDir(filepath.Dir(dst)); err != nil {
					return err
				}
			}
			for _, file := range Files {
				dst := filepath.Join(dir, file.Path)
				data, err := starter.ReadFile(file.From)
				if err != nil {
					return err
				}
				if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
					return err
				}
				// --force replaces a link with the starter file, not what it points at.
				if fi, err := os.Lstat(dst); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
					if err := os.Remove(dst); err != nil {
						return err
					}
				}
				if err := atomicfile.WriteFile(dst, func(w io.Writer) error {
					_, err := w.Write(data)
					return err
				}); err != nil {
					return err
				}
				fmt.Fprintln(out, msg.Sprintf("initcmd.wrote", dst))
			}
			fmt.Fprint(out, `
下一步 / next:
  zhijian config          # 生效的配置 / the effective configuration
  zhijian rules lint      # 检查规则手册 / lint the rulebook
  zhijian rules test      # 运行测试用例 / run the rulebook tests
  zhijian check PATH...   # 检查话术脚本或通话转写 / check scripts or transcripts
`)
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", ".", msg.Sprintf("initcmd.write-into-this-directory"))
	cmd.Flags().BoolVar(&force, "force", false, msg.Sprintf("initcmd.overwrite-existing-files"))
	return cmd
}

// writableDir checks, before anything is written, that dir is a directory or can be
// made one: a file in the way (--dir call.txt, a file named zhijian-tests) made init
// write the first starter files and then fail with Go's "mkdir …: not a directory",
// the project left half made and the next init refused ("exists, nothing written").
func writableDir(dir string) error {
	for d := dir; ; {
		fi, err := os.Stat(d)
		switch {
		case err == nil && fi.IsDir():
			return nil
		case err == nil:
			return msg.Errorf("initcmd.not-directory-nothing-written", d)
		case !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR):
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return msg.Errorf("initcmd.cannot-write-nothing-written", d, err.Error())
		}
		parent := filepath.Dir(d)
		if parent == d {
			return nil
		}
		d = parent
	}
}
