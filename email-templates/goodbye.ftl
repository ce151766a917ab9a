<#import "layout.ftl" as layout>
<#global footerNote = msg("mail.goodbye.footer", list.name)>
${(subscriber.firstName?has_content)?then(msg("mail.helloName", subscriber.firstName!), msg("mail.hello"))}

${msg("mail.goodbye.text", list.name)}

${msg("mail.goodbye.back", baseUrl + "/")}

<@layout.footer/>
