<#import "layout.ftl" as layout>
${(subscriber.firstName?has_content)?then(msg("mail.helloName", subscriber.firstName!), msg("mail.hello"))}

${msg("mail.dataExport.text", list.name, subscriber.email)}

<@layout.footer/>
