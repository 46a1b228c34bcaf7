# frozen_string_literal: true

# Builds a local gem source from the gems Debian installed (ruby-* packages and Ruby's bundled gems):
# each installed gem is packed again into a .gem with `Gem::Package.build`, then `gem generate_index`
# writes the index Bundler reads. rubygems.org is unreachable where Pyve's tests run; this is its
# stand-in, serving the same gems (the versions Debian 12 ships) over a loopback HTTP server.
# Usage: ruby debian_gem_source.rb OUTPUT_DIR
require 'fileutils'
require 'rubygems/package'

# Older Debian packages install lib/ into vendor_ruby and data/ into /usr/share/ruby-NAME: gather them.
def stage_vendor_ruby(spec, staging)
  vendor = RbConfig::CONFIG['vendordir'] ? File.join(RbConfig::CONFIG['vendordir'], 'ruby') : '/usr/lib/ruby/vendor_ruby'
  vendor = '/usr/lib/ruby/vendor_ruby' unless File.directory?(vendor)
  spec.files.each do |file|
    source = if file.start_with?('lib/') then File.join(vendor, file.delete_prefix('lib/'))
             elsif file.start_with?('data/') then File.join("/usr/share/ruby-#{spec.name.tr('_', '-')}", file.delete_prefix('data/'))
             end
    next unless source && File.file?(source)

    FileUtils.mkdir_p(File.dirname(File.join(staging, file)))
    FileUtils.cp(source, File.join(staging, file))
  end
  staging
end

out = File.expand_path(ARGV.fetch(0))
FileUtils.mkdir_p(File.join(out, 'gems'))
spec_dirs = ['/usr/share/rubygems-integration/all/specifications', File.join(RbConfig::CONFIG['rubylibprefix'], 'gems', RbConfig::CONFIG['ruby_version'], 'specifications')]
spec_dirs.each do |spec_dir|
  Dir.glob(File.join(spec_dir, '*.gemspec')).each do |path|
    spec = Gem::Specification.load(path)
    next if spec.nil?

    gem_dir = File.join(File.dirname(spec_dir), 'gems', spec.full_name)
    gem_dir = stage_vendor_ruby(spec, File.join(out, 'staging', spec.full_name)) unless File.directory?(gem_dir)
    next unless File.directory?(gem_dir)

    Dir.chdir(gem_dir) do
      spec.files = Dir.glob('**/*', File::FNM_DOTMATCH).select { |f| File.file?(f) }
      spec.executables = spec.executables.select { |exe| File.file?(File.join(spec.bindir, exe)) }
      spec.extra_rdoc_files = spec.extra_rdoc_files.select { |f| File.file?(f) }
      spec.extensions = [] # prebuilt by Debian; the stand-in serves pure-Ruby gems only
      spec.signing_key = nil
      file = Gem::Package.build(spec, true)
      FileUtils.mv(file, File.join(out, 'gems', File.basename(file)))
    rescue StandardError => e
      warn "skipped #{spec.full_name}: #{e.message}"
    end
  end
end
FileUtils.rm_rf(File.join(out, 'staging'))
system('gem', 'generate_index', '--directory', out, exception: true, out: File::NULL)
