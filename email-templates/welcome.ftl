<#import "layout.ftl" as layout>
${(subscriber.firstName?has_content)?then(msg("mail.helloName", subscriber.firstName!), msg("mail.hello"))}

${msg("mail.welcome.text", list.name)}
<#if list.description?has_content>

${list.description}
</#if>

${msg("mail.welcome.soon")}

<@layout.footer/>
